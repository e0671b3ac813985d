import { ConfigError } from '@fsmon/config';
import { loadPolicyConfig } from './policy.config';
import { loadPolicyEnv } from './policy.env';

const BASE = { KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379' };
const TOKEN = 'x'.repeat(32);

describe('loadPolicyEnv', () => {
  it('accepts a minimal environment and fills defaults', () => {
    const env = loadPolicyEnv(BASE);
    expect(env).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3003,
      REDIS_KEY_PREFIX: 'fsmon:',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      POLICY_ADMIN_TOKENS: [],
      POLICY_READ_TOKENS: [],
      POLICY_BODY_LIMIT_BYTES: 262_144,
      POLICY_GROUP_ID: 'fsmon-policy',
      POLICY_COLLECTOR_HEARTBEAT_MS: 10_000,
      POLICY_COLLECTOR_STALE_HEARTBEATS: 3,
      POLICY_COLLECTOR_LAG_GRACE_MS: 30_000,
    });
  });

  it('names every bad variable in one error', () => {
    const run = () => loadPolicyEnv({ KAFKA_BROKERS: 'kafka', REDIS_URL: 'http://x', HTTP_PORT: '-1', REDIS_KEY_PREFIX: 'bad prefix' });
    expect(run).toThrow(ConfigError);
    for (const shown of ['KAFKA_BROKERS="kafka"', 'REDIS_URL="http://x"', 'HTTP_PORT="-1"', 'REDIS_KEY_PREFIX="bad prefix"']) {
      expect(run).toThrow(shown);
    }
  });

  it('splits token lists and refuses short or spaced tokens without showing them', () => {
    expect(loadPolicyEnv({ ...BASE, POLICY_ADMIN_TOKENS: ` ${TOKEN} ,${TOKEN}y` }).POLICY_ADMIN_TOKENS).toEqual([TOKEN, `${TOKEN}y`]);
    for (const bad of ['short', `${TOKEN} z`]) {
      const run = () => loadPolicyEnv({ ...BASE, POLICY_READ_TOKENS: bad });
      expect(run).toThrow('POLICY_READ_TOKENS="***"');
      expect(run).not.toThrow(bad);
    }
  });
});

describe('loadPolicyConfig', () => {
  it('groups the variables by concern', () => {
    const config = loadPolicyConfig({ ...BASE, POLICY_ADMIN_TOKENS: TOKEN, POLICY_REPUBLISH_INTERVAL_S: '60', KAFKA_CLIENT_ID: 'p1' });
    expect(config).toMatchObject({
      http: { host: '127.0.0.1', port: 3003, bodyLimitBytes: 262_144 },
      kafka: { brokers: ['127.0.0.1:9092'], clientId: 'p1', groupId: 'fsmon-policy' },
      auth: { adminTokens: [TOKEN], readTokens: [] },
      push: { republishIntervalMs: 60_000 },
      learned: { batchTtlMs: 86_400_000 },
    });
  });
});
