import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startTestKafka, startTestRedis, type TestKafka, type TestRedis, uniqueGroupId, uniquePrefix, waitUntil } from '@fsmon/testing';
import { ADMIN_TOKEN, READ_TOKEN } from './support/policy-harness';

// main.ts is transpiled on start (bench/register-ts.js); on a busy 2-core host that alone can take
// tens of seconds, so the boot waits are generous bounds, not expectations.
const BOOT_MS = 90_000;
jest.setTimeout(BOOT_MS + 60_000);

const ROOT = join(__dirname, '../../..');

interface Run {
  child: ChildProcess;
  output: () => string;
  /** The exit code, or the signal's name when the process ended by a signal. */
  exited: Promise<number | string | null>;
}

function runMain(env: Record<string, string>): Run {
  let out = '';
  const child = spawn(process.execPath, ['-r', join(ROOT, 'bench/register-ts.js'), join(ROOT, 'apps/policy/src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => out, exited };
}

async function bounded<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** apps/policy/src/main.ts as its own process, as the main job starts it. */
describe('policy main', () => {
  let redis: TestRedis;
  let kafka: TestKafka;
  let run: Run | undefined;

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startTestRedis(), startTestKafka()]);
  });

  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  });

  afterAll(async () => {
    await kafka?.stop();
    await redis?.stop();
  });

  const env = (port: number, extra: Record<string, string> = {}) => ({
    KAFKA_BROKERS: kafka.brokers.join(','),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: uniquePrefix('policy-main'),
    HTTP_PORT: String(port),
    POLICY_ADMIN_TOKENS: ADMIN_TOKEN,
    POLICY_READ_TOKENS: READ_TOKEN,
    POLICY_GROUP_ID: uniqueGroupId('policy-main'),
    POLICY_KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'info',
    ...extra,
  });

  it('boots healthy with /docs, logs requests without the token, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    run = runMain(env(port));
    const current = run;
    await waitUntil('/health to answer 200', async () => {
      if (current.child.exitCode !== null) throw new Error(`policy exited early:\n${current.output()}`);
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    }, BOOT_MS);
    const docs = await waitUntil('/docs-json', async () => {
      const res = await fetch(`${base}/docs-json`);
      return res.status === 200 ? ((await res.json()) as { paths: Record<string, unknown> }) : undefined;
    });
    expect(Object.keys(docs.paths)).toContain('/groups/{name}/access-rules/{key}');
    const created = await fetch(`${base}/groups`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'main-web' }) });
    expect(created.status).toBe(201);
    await waitUntil('the request log line', () => (/"url":"\/groups"/.test(current.output()) ? true : undefined));
    expect(current.output()).toContain('"authorization":"[Redacted]"');
    expect(current.output()).not.toContain(ADMIN_TOKEN);

    // Nest's shutdown hooks close every module (Kafka, Redis, HTTP), then re-raise the signal.
    current.child.kill('SIGTERM');
    expect(await bounded('exit after SIGTERM', current.exited, 20_000)).toBe('SIGTERM');
    expect(current.output()).not.toMatch(/"level":50|ERROR/);
  });

  it('refuses to start with a short token: exit 78, the variable named, the token not shown', async () => {
    run = runMain(env(await freePort(), { POLICY_ADMIN_TOKENS: 'short-secret' }));
    expect(await bounded('exit on bad config', run.exited, BOOT_MS)).toBe(78);
    expect(run.output()).toContain('POLICY_ADMIN_TOKENS="***"');
    expect(run.output()).not.toContain('short-secret');
  });
});
