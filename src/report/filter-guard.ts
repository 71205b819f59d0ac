import type { ReportQuery } from './report-query.js';

/** One filter of a query, undone: the query without it, broken down by what it filtered. */
export interface FilterBreakdown {
  query: ReportQuery;
  /** The group of that breakdown the filter keeps. */
  kept: string;
}

/**
 * For each context filter of `query` (office, team, staff…): the same query without it, broken down
 * by its key. A filtered report shows no more of the value it keeps than that breakdown would: else
 * the whole minus the reports of the other values would give a group too small to show away. A
 * channel filter has none: a channel breakdown hides only its own small channels (see protectedGroups()).
 */
export function filterBreakdowns(query: ReportQuery): FilterBreakdown[] {
  return Object.entries(query.context).map(([key, value]) => {
    const { [key]: _, ...others } = query.context;
    return { query: { ...query, context: others, breakdown: { by: 'context', key } }, kept: value };
  });
}
