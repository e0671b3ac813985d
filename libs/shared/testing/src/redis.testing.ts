import { randomBytes } from 'node:crypto';
import { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from '@fsmon/embedded';

export interface TestRedis {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** For outage tests: `embedded.stop()` / `embedded.restart()` (same port). */
  embedded: EmbeddedRedis;
  stop(): Promise<void>;
}

/** A private redis-server on a free loopback port; call stop() in afterAll. */
export async function startTestRedis(opts: EmbeddedRedisOptions = {}): Promise<TestRedis> {
  const embedded = await startEmbeddedRedis(opts);
  return { url: embedded.url, port: embedded.port, embedded, stop: () => embedded.stop() };
}

/** A key prefix no other test (or run) shares, e.g. `test:rule-repository:3f9a1c2b:`. */
export function uniquePrefix(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'test';
  return `test:${slug}:${randomBytes(4).toString('hex')}:`;
}
