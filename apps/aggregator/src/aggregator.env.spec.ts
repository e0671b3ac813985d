import { defaultAggregatorConfig } from '@fsmon/aggregator-domain';
import { ConfigError } from '@fsmon/config';
import { loadAggregatorEnv, loadAggregatorSettings } from './aggregator.env';

describe('loadAggregatorEnv', () => {
  it('requires KAFKA_BROKERS', () => {
    expect(() => loadAggregatorEnv({})).toThrow(/KAFKA_BROKERS=unset/);
  });

  it('rejects a bad log level and port together', () => {
    const run = () => loadAggregatorEnv({ KAFKA_BROKERS: 'a:1', LOG_LEVEL: 'loud', HTTP_PORT: 'http' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow('LOG_LEVEL="loud"');
    expect(run).toThrow('HTTP_PORT="http": expected an integer');
  });
});

describe(loadAggregatorSettings.name, () => {
  it('defaults to the seed windows and production Kafka timings', () => {
    const s = loadAggregatorSettings({ KAFKA_BROKERS: 'k1:9092,k2:9092' });
    expect(s.engine).toEqual(defaultAggregatorConfig);
    expect(s.kafka).toMatchObject({ brokers: ['k1:9092', 'k2:9092'], groupId: 'fsmon-aggregator', sessionTimeoutMs: 30_000, heartbeatIntervalMs: 10_000, maxWaitTimeInMs: 200 });
    expect(s.kafka.clientId).toMatch(/^fsmon-aggregator-/);
    expect(s.reports).toEqual({ recent: 1000, queueMax: 10_000, publishBatch: 500, shutdownTimeoutMs: 10_000 });
    expect(s.http).toEqual({ host: '127.0.0.1', port: 3002 });
    expect(s.lagRefreshMs).toBe(5000);
  });

  it('maps the variables onto the engine and the consumer', () => {
    const s = loadAggregatorSettings({
      KAFKA_BROKERS: 'k:1',
      KAFKA_CLIENT_ID: 'agg-1',
      AGGREGATOR_TICK_MS: '100',
      AGGREGATOR_HOLD_MS: '500',
      AGGREGATOR_MAX_PATHS_PER_REPORT: '16',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    expect(s.engine).toMatchObject({ tickMs: 100, holdMs: 500, maxPathsPerReport: 16 });
    expect(s.kafka).toMatchObject({ clientId: 'agg-1', sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000 });
  });

  it('lists every bad variable, then the engine checks that span several', () => {
    const bad = () => loadAggregatorSettings({ KAFKA_BROKERS: 'k:1', AGGREGATOR_TICK_MS: '0', AGGREGATOR_RECENT_REPORTS: 'many' });
    expect(bad).toThrow('AGGREGATOR_TICK_MS="0": expected >= 10');
    expect(bad).toThrow('AGGREGATOR_RECENT_REPORTS="many": expected an integer');
    const caps = () => loadAggregatorSettings({ KAFKA_BROKERS: 'k:1', AGGREGATOR_MAX_AGGREGATES: '10', AGGREGATOR_MAX_AGGREGATES_PER_CONTAINER: '20' });
    expect(caps).toThrow(ConfigError);
    expect(caps).toThrow('maxAggregatesPerContainer must not exceed maxAggregates');
  });
});
