import type { ReportQuery } from './report-query.js';

/** One filter of a query, undone: the query without it, broken down by what it filtered. */
export interface FilterBreakdown {
  query: ReportQuery;
  /** Whether a group of that breakdown is one the filter keeps. */
  kept: (group: string) => boolean;
}

/**
 * For each channel or context filter of `query`: the same query without it, broken down by what it
 * filters. A filtered report shows no more of the values it keeps than that breakdown would: else
 * the whole minus the reports of the other values would give a group too small to show away.
 */
export function filterBreakdowns(query: ReportQuery): FilterBreakdown[] {
  const list: FilterBreakdown[] = [];
  const channels: readonly string[] = query.channels;
  if (channels.length > 0) list.push({ query: { ...query, channels: [], breakdown: { by: 'channel' } }, kept: group => channels.includes(group) });
  for (const [key, value] of Object.entries(query.context)) {
    const { [key]: _, ...others } = query.context;
    list.push({ query: { ...query, context: others, breakdown: { by: 'context', key } }, kept: group => group === value });
  }
  return list;
}
