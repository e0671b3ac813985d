import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Segment } from './spool-segment';

const CURSOR = 'cursor.json';

/**
 * The acknowledged prefix of each segment (segment id → offset of its first unacknowledged
 * record). Missing or unreadable: nothing acknowledged, so a restart re-sends (duplicates, never
 * losses).
 */
export function readCursor(dir: string): Record<number, number> {
  try {
    return JSON.parse(readFileSync(join(dir, CURSOR), 'utf8')) as Record<number, number>;
  } catch {
    return {};
  }
}

/** Replaces the cursor file atomically (write, then rename). */
export function saveCursor(dir: string, segments: readonly Segment[]): void {
  const starts = Object.fromEntries(segments.filter((s) => s.start > 0).map((s) => [s.id, s.start]));
  const path = join(dir, CURSOR);
  writeFileSync(`${path}.tmp`, JSON.stringify(starts), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
