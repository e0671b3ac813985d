/** The CollectorConfig (core settings). */
export const COLLECTOR_CONFIG = Symbol('COLLECTOR_CONFIG');
/** The CollectorPipeline (watching, attribution, classification). */
export const COLLECTOR_PIPELINE = Symbol('COLLECTOR_PIPELINE');
/** The CollectorViews of the pipeline (status snapshot, probe). */
export const COLLECTOR_VIEWS = Symbol('COLLECTOR_VIEWS');
/** The ProcInfoResolver shared by the pipeline and the protect module. */
export const PROC_INFO_RESOLVER = Symbol('PROC_INFO_RESOLVER');
/** The PasswdCache (user names per workload) shared by the pipeline and the protect module. */
export const PASSWD_CACHE = Symbol('PASSWD_CACHE');
/** Internal aliases of the ports the core module is given. */
export const CORE_POLICY = Symbol('CORE_POLICY');
export const CORE_SINK = Symbol('CORE_SINK');
export const CORE_STATUS = Symbol('CORE_STATUS');
export const CORE_OBSERVER = Symbol('CORE_OBSERVER');
