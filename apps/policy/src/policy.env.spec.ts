import { ConfigError } from '@fsmon/config';
import { loadPolicyEnv } from './policy.env';

describe('loadPolicyEnv', () => {
  it('accepts a minimal environment and fills defaults', () => {
    const env = loadPolicyEnv({ KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(env).toMatchObject({ HTTP_HOST: '127.0.0.1', HTTP_PORT: 3003, REDIS_KEY_PREFIX: 'fsmon:', KAFKA_BROKERS: ['127.0.0.1:9092'] });
  });

  it('names every bad variable in one error', () => {
    const run = () => loadPolicyEnv({ KAFKA_BROKERS: 'kafka', REDIS_URL: 'http://x', HTTP_PORT: '-1', REDIS_KEY_PREFIX: 'bad prefix' });
    expect(run).toThrow(ConfigError);
    for (const shown of ['KAFKA_BROKERS="kafka"', 'REDIS_URL="http://x"', 'HTTP_PORT="-1"', 'REDIS_KEY_PREFIX="bad prefix"']) {
      expect(run).toThrow(shown);
    }
  });
});
