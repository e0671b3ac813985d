import { z } from 'zod';
import { envBool, envHostPorts, envInt, envPort } from './env-types';
import { ConfigError, redact, validateEnv } from './validate-env';

const schema = z.object({
  HTTP_PORT: envPort.default(3000),
  KAFKA_BROKERS: envHostPorts.optional(),
  BATCH: envInt(1, 100),
  ENABLED: envBool.default(true),
  API_TOKEN: z.string().min(16),
});

describe(validateEnv.name, () => {
  it('returns typed, defaulted values', () => {
    const cfg = validateEnv('t', schema, { BATCH: '5', API_TOKEN: 'x'.repeat(16), KAFKA_BROKERS: 'a:1, b:2' });
    expect(cfg).toEqual({ HTTP_PORT: 3000, BATCH: 5, ENABLED: true, API_TOKEN: 'x'.repeat(16), KAFKA_BROKERS: ['a:1', 'b:2'] });
  });

  it('lists every bad variable at once, with its value, secrets redacted', () => {
    let err: unknown;
    try {
      validateEnv('t', schema, { HTTP_PORT: '99999', BATCH: 'ten', ENABLED: 'maybe', API_TOKEN: 'short', KAFKA_BROKERS: 'nohost' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect((err as ConfigError).problems).toHaveLength(5);
    expect(problems).toContain('HTTP_PORT="99999": expected <= 65535');
    expect(problems).toContain('BATCH="ten": expected an integer');
    expect(problems).toContain('ENABLED="maybe"');
    expect(problems).toContain('KAFKA_BROKERS="nohost": expected host:port');
    expect(problems).toContain('API_TOKEN="***"');
  });

  it('reports a missing required variable as unset', () => {
    expect(() => validateEnv('t', schema, { API_TOKEN: 'x'.repeat(16) })).toThrow(/BATCH=unset/);
  });
});

describe(redact.name, () => {
  it.each([
    ['ADMIN_TOKENS', 'abc', '***'],
    ['DB_PASSWORD', 'abc', '***'],
    ['REDIS_URL', 'redis://user:pw@h:6379/0', 'redis://***@h:6379/0'],
    ['REDIS_KEY_PREFIX', 'fsmon:', 'fsmon:'],
  ])('%s=%s shows as %s', (name, value, shown) => {
    expect(redact(name, value)).toBe(shown);
  });
});
