/** The collector's PolicyStore. */
export const POLICY_STORE = Symbol('POLICY_STORE');
/** The PolicyIntake (lifecycle, health, stats of the policy source). */
export const POLICY_INTAKE = Symbol('POLICY_INTAKE');
/** The resolved CollectorPolicyOptions. */
export const COLLECTOR_POLICY_OPTIONS = Symbol('COLLECTOR_POLICY_OPTIONS');
