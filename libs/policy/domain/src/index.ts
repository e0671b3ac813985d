// The policy's pure decisions: group edits and their validation, revisions and ETags, learned-rule
// ingestion, audit entries and collector lag. No I/O; the policy app stores and pushes the results.
export * from './policy-problem';
export * from './group-name';
export * from './filter-input';
export * from './group.edits';
export * from './filter.edits';
export * from './profile.edits';
export * from './access-rule.edits';
export * from './revision';
export * from './learned-rules.ingest';
export * from './collector-lag';
export * from './audit-entry';
