import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PolicyAppModule } from '../../apps/policy/src/app.module';
import { loadPolicyConfig } from '../../apps/policy/src/policy.config';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef0123456789';

export interface RunningPolicyApp {
  app: INestApplication;
  /** `http://127.0.0.1:PORT` */
  base: string;
}

/**
 * The policy app in this process, as main.ts configures it (default push wait and limits), on a
 * free loopback port; changes go to it over real HTTP. Logs: errors only.
 */
export async function startPolicyApp(brokers: string[], redisUrl: string): Promise<RunningPolicyApp> {
  const config = loadPolicyConfig({
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: 'bench:',
    POLICY_ADMIN_TOKENS: BENCH_ADMIN_TOKEN,
    POLICY_KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(PolicyAppModule.forRoot(config), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

export interface ApiAnswer {
  status: number;
  revision: number;
  push: string | null;
  body: unknown;
}

/** One admin request; throws on anything but 2xx. */
export async function adminCall(base: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { status: res.status, revision: Number(res.headers.get('x-policy-revision')), push: res.headers.get('x-policy-push'), body: text ? JSON.parse(text) : null };
}
