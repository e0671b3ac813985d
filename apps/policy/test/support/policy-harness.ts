import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { uniqueGroupId, uniquePrefix } from '@fsmon/testing';
import { PolicyAppModule } from '../../src/app.module';
import { OpenApiDocs } from '../../src/docs/openapi.docs';
import { loadPolicyConfig, type PolicyConfig } from '../../src/policy.config';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';
export const READ_TOKEN = 'test-read-token-0123456789abcdef01234567890';

export interface PolicyAppOptions {
  redisUrl: string;
  brokers: string[];
  /** Default: a fresh prefix (an empty policy). Pass one to share state between app instances. */
  prefix?: string;
  /** Extra environment variables (e.g. POLICY_BODY_LIMIT_BYTES). */
  env?: Record<string, string>;
}

export interface TestPolicyApp {
  app: INestApplication;
  config: PolicyConfig;
  prefix: string;
}

/**
 * The policy app as startApp builds it (NestFactory.create, so the body limit applies), initialised
 * without listening (supertest binds its own port), with test tokens and a quiet log.
 */
export async function startPolicyApp(opts: PolicyAppOptions): Promise<TestPolicyApp> {
  const prefix = opts.prefix ?? uniquePrefix('policy');
  const config = loadPolicyConfig({
    REDIS_URL: opts.redisUrl,
    KAFKA_BROKERS: opts.brokers.join(','),
    REDIS_KEY_PREFIX: prefix,
    POLICY_ADMIN_TOKENS: ADMIN_TOKEN,
    POLICY_READ_TOKENS: READ_TOKEN,
    POLICY_GROUP_ID: uniqueGroupId('policy'),
    POLICY_KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const app = await NestFactory.create(PolicyAppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  app.get(OpenApiDocs).attach(app);
  return { app, config, prefix };
}
