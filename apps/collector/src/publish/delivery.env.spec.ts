import { validateEnv } from '@fsmon/config';
import { z } from 'zod';
import { DeliveryEnv, deliveryOptionsFromEnv } from './delivery.env';

const schema = z.object(DeliveryEnv);
const identity = { collectorId: 'c', host: { id: 'h', name: 'n' } };

describe(deliveryOptionsFromEnv.name, () => {
  it('has working defaults', () => {
    const o = deliveryOptionsFromEnv(validateEnv('collector', schema, {}), identity);
    expect(o.raw).toMatchObject({
      maxBatchEvents: 500,
      maxBatchBytes: 256 * 1024,
      lingerMs: 50,
      memoryMaxBytes: 16 * 1024 * 1024,
      spoolDir: '/var/lib/fsmon/spool',
      spoolMaxBytes: 256 * 1024 * 1024,
      spoolSegmentBytes: 8 * 1024 * 1024,
      retryMaxMs: 5000,
      stopDrainMs: 3000,
    });
    expect(o.status).toEqual({ intervalMs: 10_000 });
    expect(o.learned).toEqual({ flushMs: 10_000, maxPending: 10_000 });
    expect(o.identity).toBe(identity);
  });

  it('takes the variables and lists every bad one', () => {
    const env = validateEnv('collector', schema, { SPOOL_DIR: '/tmp/s', SPOOL_MAX_BYTES: '0', LEARN_FLUSH_MS: '500' });
    expect(deliveryOptionsFromEnv(env, identity)).toMatchObject({ raw: { spoolDir: '/tmp/s', spoolMaxBytes: 0 }, learned: { flushMs: 500 } });
    expect(() => validateEnv('collector', schema, { SPOOL_DIR: 'relative', RAW_BATCH_MAX_EVENTS: '0', STATUS_INTERVAL_MS: 'soon' })).toThrow(
      /RAW_BATCH_MAX_EVENTS="0": expected >= 1[\s\S]*SPOOL_DIR="relative": expected an absolute path[\s\S]*STATUS_INTERVAL_MS="soon": expected an integer/,
    );
  });
});
