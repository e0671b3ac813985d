/** The RedisStore (see RedisModule.forRootAsync). */
export const REDIS_STORE = Symbol('REDIS_STORE');
/** The resolved RedisClientOptions. */
export const REDIS_OPTIONS = Symbol('REDIS_OPTIONS');
