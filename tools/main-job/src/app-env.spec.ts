import { appEnvs } from './app-env';

describe(appEnvs.name, () => {
  const input = { dataDir: '/data', brokers: '127.0.0.1:9092', redisUrl: 'redis://127.0.0.1:6379', logLevel: 'info', adminToken: 't'.repeat(64) };

  it('wires every app to this run and gives the interactive timings', () => {
    const env = appEnvs(input, {});
    expect(env.policy).toMatchObject({ KAFKA_BROKERS: input.brokers, REDIS_URL: input.redisUrl, POLICY_ADMIN_TOKENS: input.adminToken, POLICY_COLLECTOR_HEARTBEAT_MS: '2000' });
    expect(env.aggregator).toMatchObject({ KAFKA_BROKERS: input.brokers, AGGREGATOR_HOLD_MS: '2000' });
    expect(env.collector).toMatchObject({ KAFKA_BROKERS: input.brokers, COALESCE_WINDOW_MS: '1000', STATUS_INTERVAL_MS: '2000', SPOOL_DIR: '/data/spool' });
  });

  it("keeps the operator's own values over the interactive timings, but never over the wiring", () => {
    const env = appEnvs(input, { AGGREGATOR_HOLD_MS: '25000', COALESCE_WINDOW_MS: '', KAFKA_BROKERS: 'elsewhere:9092' });
    expect(env.aggregator.AGGREGATOR_HOLD_MS).toBeUndefined(); // the app reads the operator's from its environment
    expect(env.collector.COALESCE_WINDOW_MS).toBe('1000'); // empty = unset
    expect(env.aggregator.KAFKA_BROKERS).toBe(input.brokers);
  });

  it("does not set POLICY_ADMIN_TOKENS when the operator's are used", () => {
    expect(appEnvs({ ...input, adminToken: undefined }, {}).policy.POLICY_ADMIN_TOKENS).toBeUndefined();
  });
});
