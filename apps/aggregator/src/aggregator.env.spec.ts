import { ConfigError } from '@fsmon/config';
import { loadAggregatorEnv } from './aggregator.env';

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
