import { redisScript, type RedisReply, type RedisStore } from '@fsmon/redis';

/** A string and a whole hash, read atomically: `{ GET KEYS[1], HGETALL KEYS[2] }`. */
const snapshotScript = redisScript(`return {redis.call('GET', KEYS[1]), redis.call('HGETALL', KEYS[2])}`);

export interface HashSnapshot {
  /** The string's value (null when absent). */
  value: string | null;
  fields: Map<string, string>;
}

/** One round trip, one consistent view (e.g. the revision and every group at that revision). */
export async function readHashSnapshot(store: RedisStore, stringKey: string, hashKey: string): Promise<HashSnapshot> {
  const reply = (await store.eval(snapshotScript, [stringKey, hashKey], [])) as [RedisReply, RedisReply[]];
  // Lua turns a nil GET into false, which ioredis reads as null.
  const value = typeof reply[0] === 'string' ? reply[0] : null;
  const flat = reply[1];
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), String(flat[i + 1]));
  return { value, fields };
}
