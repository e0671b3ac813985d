/** The validated AggregatorSettings. */
export const AGGREGATOR_SETTINGS = Symbol('AGGREGATOR_SETTINGS');
/** This instance's RecentReports (the /reports ring buffer). */
export const RECENT_REPORTS = Symbol('RECENT_REPORTS');
