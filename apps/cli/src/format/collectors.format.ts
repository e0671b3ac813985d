import { age, table } from './table';

/** What the CLI shows of GET /collectors (apps/policy/src/collectors/collectors.service.ts CollectorView). */
export interface CollectorRow {
  collectorId: string;
  host: { id: string; name: string };
  version: string;
  lastStatusAt: string;
  capabilities: { permissionEvents: boolean; fidReporting: boolean };
  containers: number;
  currentRevision: number;
  appliedRevision: number;
  lagging: boolean;
  reason: 'stale' | 'behind' | null;
  drops: Record<string, number>;
}

/** The collectors as a table: state (ok / stale / behind), policy revision applied, what they watch, drops. */
export function formatCollectors(rows: readonly CollectorRow[], now: number): string[] {
  if (rows.length === 0) return ['no collector has reported yet (they send a status every few seconds once running)'];
  return table(
    ['collector', 'host', 'state', 'policy', 'workloads', 'blocking', 'last status', 'drops'],
    rows.map((c) => [
      c.collectorId,
      c.host.name,
      c.reason ?? 'ok',
      `rev ${c.appliedRevision}/${c.currentRevision}`,
      String(c.containers),
      c.capabilities.permissionEvents ? 'yes' : 'no (no permission events)',
      age(c.lastStatusAt, now),
      dropsText(c.drops),
    ]),
  );
}

function dropsText(drops: Record<string, number>): string {
  const nonZero = Object.entries(drops).filter(([, n]) => n > 0);
  return nonZero.length === 0 ? '0' : nonZero.map(([cause, n]) => `${cause}=${n}`).join(' ');
}
