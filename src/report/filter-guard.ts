import type { ReportQuery } from './report-query.js';

/** One filter of a query, undone: the query without it, broken down by what it filtered. */
export interface FilterBreakdown {
  query: ReportQuery;
  /** Whether a group of that breakdown is one the filter keeps. */
  kept: (group: string) => boolean;
}

/**
 * For each context filter of `query` (office, team, staff…): the same query without it, broken down
 * by its key; and for a channel filter beside a context filter, the same query without the channel
 * filter, broken down by channel. A filtered report shows no more of the values it keeps than that
 * breakdown would: else the whole minus the reports of the other values would give a group too small
 * to show away. A channel filter alone has none: channels protect no person (see protectedGroups()).
 */
export function filterBreakdowns(query: ReportQuery): FilterBreakdown[] {
  const list: FilterBreakdown[] = [];
  const channels: readonly string[] = query.channels;
  const contexts = Object.entries(query.context);
  if (channels.length > 0 && contexts.length > 0) {
    list.push({ query: { ...query, channels: [], breakdown: { by: 'channel' } }, kept: group => channels.includes(group) });
  }
  for (const [key, value] of contexts) {
    const { [key]: _, ...others } = query.context;
    list.push({ query: { ...query, context: others, breakdown: { by: 'context', key } }, kept: group => group === value });
  }
  return list;
}
