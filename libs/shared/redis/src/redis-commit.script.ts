import { RedisUsageError } from './redis.errors';
import { redisScript } from './redis-script';
import type { RedisWrite, VersionGuard, VersionRef } from './redis-store';

/** One consistent snapshot of several versions. ARGV[i]: '' for GET KEYS[i], 'h<field>' for HGET. */
export const readVersionsScript = redisScript(`
local out = {}
for i, key in ipairs(KEYS) do
  local f = ARGV[i]
  if f == '' then out[i] = redis.call('GET', key) else out[i] = redis.call('HGET', key, string.sub(f, 2)) end
end
return out`);

/**
 * Guarded atomic commit. ARGV: #guards, then per guard (key index, ''|'h<field>', ''|'v<expected>'),
 * then #writes, then per write (argc, key index, command, args...). Returns {0} on a failed guard,
 * {-1, write#, reason} when a write would fail, else {1, replies}. Redis does not roll back a script
 * that fails half-way, so a first pass simulates the key types and refuses before writing anything.
 */
export const commitScript = redisScript(`
local i = 1
local function nxt() local v = ARGV[i]; i = i + 1; return v end
for _ = 1, tonumber(nxt()) do
  local key, f, want = KEYS[tonumber(nxt())], nxt(), nxt()
  local cur
  if f == '' then cur = redis.call('GET', key) else cur = redis.call('HGET', key, string.sub(f, 2)) end
  if want == '' then
    if cur then return {0} end
  elseif cur ~= string.sub(want, 2) then return {0} end
end
local writes = {}
for w = 1, tonumber(nxt()) do
  local argc, key, cmd = tonumber(nxt()), KEYS[tonumber(nxt())], nxt()
  local args = {}
  for j = 1, argc do args[j] = nxt() end
  writes[w] = {cmd, key, args}
end
local need = {HSET = 'hash', HDEL = 'hash', SADD = 'set', SREM = 'set', XADD = 'stream', INCRBY = 'string'}
local seen = {}
local function state(key)
  if not seen[key] then
    local t = redis.call('TYPE', key).ok
    seen[key] = {t = t, int = t ~= 'string' or string.match(redis.call('GET', key), '^-?%d+$') ~= nil}
  end
  return seen[key]
end
for w, wr in ipairs(writes) do
  local cmd, key = wr[1], wr[2]
  local s, t = state(key), need[wr[1]]
  if t and s.t ~= 'none' and s.t ~= t then return {-1, w, 'WRONGTYPE ' .. key .. ' holds a ' .. s.t .. ', ' .. cmd .. ' needs a ' .. t} end
  if cmd == 'INCRBY' and not s.int then return {-1, w, 'NOTINTEGER ' .. key .. ' does not hold an integer'} end
  if cmd == 'SET' then seen[key] = {t = 'string', int = string.match(wr[3][1], '^-?%d+$') ~= nil}
  elseif cmd == 'DEL' then seen[key] = {t = 'none', int = true}
  elseif t then seen[key] = {t = t, int = true} end
end
local out = {}
for w, wr in ipairs(writes) do out[w] = redis.call(wr[1], wr[2], unpack(wr[3])) end
return {1, out}`);

export interface EncodedScriptCall {
  keys: string[];
  args: string[];
}

export function encodeRead(refs: readonly VersionRef[]): EncodedScriptCall {
  return { keys: refs.map((r) => r.key), args: refs.map(fieldArg) };
}

export function encodeCommit(writes: readonly RedisWrite[], guards: readonly VersionGuard[]): EncodedScriptCall {
  const keys: string[] = [];
  const index = (key: string) => {
    const at = keys.indexOf(key);
    return String((at >= 0 ? at : keys.push(key) - 1) + 1);
  };
  const args = [String(guards.length)];
  for (const g of guards) args.push(index(g.key), fieldArg(g), g.equals === null ? '' : `v${g.equals}`);
  args.push(String(writes.length));
  for (const w of writes) {
    const [cmd, ...rest] = writeCommand(w);
    args.push(String(rest.length), index(w.key), cmd, ...rest);
  }
  return { keys, args };
}

function fieldArg(ref: VersionRef): string {
  return ref.field === undefined ? '' : `h${ref.field}`;
}

/** The command for one write, validated so Redis cannot reject it for its shape. */
export function writeCommand(w: RedisWrite): [string, ...string[]] {
  switch (w.op) {
    case 'set':
      return w.ttlMs === undefined ? ['SET', w.value] : ['SET', w.value, 'PX', String(positiveInt(w.ttlMs, 'ttlMs'))];
    case 'del':
      return ['DEL'];
    case 'hset':
      return ['HSET', ...nonEmpty(Object.entries(w.fields).flat(), `hset ${w.key}: no fields`)];
    case 'hdel':
      return ['HDEL', ...nonEmpty(w.fields, `hdel ${w.key}: no fields`)];
    case 'incrby':
      if (!Number.isSafeInteger(w.by)) throw new RedisUsageError(`incrby ${w.key}: ${w.by} is not a safe integer`);
      return ['INCRBY', String(w.by)];
    case 'sadd':
      return ['SADD', ...nonEmpty(w.members, `sadd ${w.key}: no members`)];
    case 'srem':
      return ['SREM', ...nonEmpty(w.members, `srem ${w.key}: no members`)];
    case 'xadd':
      return ['XADD', ...xaddArgs(w.fields, w.maxLen)];
  }
}

export function xaddArgs(fields: Readonly<Record<string, string>>, maxLen: number | undefined): string[] {
  const trim = maxLen === undefined ? [] : ['MAXLEN', '~', String(positiveInt(maxLen, 'maxLen'))];
  return [...trim, '*', ...nonEmpty(Object.entries(fields).flat(), 'xadd: no fields')];
}

function nonEmpty<T>(items: readonly T[], message: string): T[] {
  if (items.length === 0) throw new RedisUsageError(message);
  return [...items];
}

export function positiveInt(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RedisUsageError(`${what} must be a positive integer, got ${n}`);
  return n;
}
