import { loadCollectorEnv } from './collector.env';

describe('loadCollectorEnv', () => {
  it('defaults PROC_DIR to /proc and NODE_NAME to the hostname', () => {
    const env = loadCollectorEnv({ KAFKA_BROKERS: 'a:1' });
    expect(env.PROC_DIR).toBe('/proc');
    expect(env.NODE_NAME.length).toBeGreaterThan(0);
  });

  it('rejects a relative PROC_DIR', () => {
    expect(() => loadCollectorEnv({ KAFKA_BROKERS: 'a:1', PROC_DIR: 'proc/' })).toThrow(/PROC_DIR="proc\/": absolute path/);
  });
});
