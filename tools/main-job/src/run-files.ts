import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Files in FSMON_DATA_DIR that tell the `fsmon` CLI where this run's services are. */
export const RUN_FILES = { kafkaBrokers: 'kafka-brokers', policyUrl: 'policy-url' } as const;

/**
 * Writes where the broker and the policy API of this run are, so `fsmon` finds them without
 * flags; `remove()` deletes them at stop, so a stale address never outlives the run.
 */
export function writeRunFiles(dataDir: string, values: { kafkaBrokers: string; policyUrl: string }): { remove(): void } {
  mkdirSync(dataDir, { recursive: true });
  const files = Object.entries(RUN_FILES).map(([key, name]) => {
    const file = path.join(dataDir, name);
    writeFileSync(file, `${values[key as keyof typeof RUN_FILES]}\n`);
    return file;
  });
  return { remove: () => files.forEach((f) => rmSync(f, { force: true })) };
}
