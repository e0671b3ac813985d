/** The ProtectService (also a HealthContributor). */
export const PROTECT_SERVICE = Symbol('PROTECT_SERVICE');
/** The resolved ProtectOptions. */
export const PROTECT_OPTIONS = Symbol('PROTECT_OPTIONS');
/** ProtectPolicySource: the collector's PolicyStore. */
export const PROTECT_POLICY_SOURCE = Symbol('PROTECT_POLICY_SOURCE');
/** RawEventSink: the raw-event publisher. */
export const PROTECT_RAW_EVENT_SINK = Symbol('PROTECT_RAW_EVENT_SINK');
/** LearnedRulesSink: the learned-rules publisher. */
export const PROTECT_LEARNED_RULES_SINK = Symbol('PROTECT_LEARNED_RULES_SINK');
/** Optional ProcLookup: the watcher's process resolver. */
export const PROTECT_PROC_LOOKUP = Symbol('PROTECT_PROC_LOOKUP');
/** Optional UserNames: the watcher's PasswdCache. */
export const PROTECT_USER_NAMES = Symbol('PROTECT_USER_NAMES');
/** Optional DecisionHook (main-thread decisions for blocking entries, bounded by the ask deadline). */
export const PROTECT_DECISION_HOOK = Symbol('PROTECT_DECISION_HOOK');
/** Optional EnforcementAuditSink. */
export const PROTECT_AUDIT_SINK = Symbol('PROTECT_AUDIT_SINK');
