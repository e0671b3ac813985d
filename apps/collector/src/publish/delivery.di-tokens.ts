/** The RawEventPublisher. */
export const RAW_EVENT_PUBLISHER = Symbol('RAW_EVENT_PUBLISHER');
/** The StatusPublisher. */
export const STATUS_PUBLISHER = Symbol('STATUS_PUBLISHER');
/** The EnforcementAuditPublisher (the protect module's audit sink, on the status topic). */
export const ENFORCEMENT_AUDIT_PUBLISHER = Symbol('ENFORCEMENT_AUDIT_PUBLISHER');
/** The LearnedRulesPublisher. */
export const LEARNED_RULES_PUBLISHER = Symbol('LEARNED_RULES_PUBLISHER');
/** The resolved CollectorDeliveryOptions. */
export const COLLECTOR_DELIVERY_OPTIONS = Symbol('COLLECTOR_DELIVERY_OPTIONS');
/** The raw-event producer (an EventPublisher of its own; see createRawSink). */
export const RAW_EVENT_SINK = Symbol('RAW_EVENT_SINK');
