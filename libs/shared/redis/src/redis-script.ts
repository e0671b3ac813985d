import { createHash } from 'node:crypto';

/** A Lua script and its SHA1, for EVALSHA (scripts are loaded on first use after a NOSCRIPT). */
export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

export function redisScript(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}
