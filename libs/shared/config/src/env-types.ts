import { z } from 'zod';

/** Reusable variable types: each parses a string and says what it expected when it cannot. */
export const envInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min, `expected >= ${min}`).max(max, `expected <= ${max}`));

export const envPort = envInt(0, 65535);

export const envBool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

/** Comma-separated `host:port` list, e.g. KAFKA_BROKERS. */
export const envHostPorts = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'expected host:port')).min(1, 'expected at least one host:port'));

export const envRedisUrl = z.string().regex(/^rediss?:\/\/.+/, 'expected redis://host:port[/db]');

export const envLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
