import { commandCalls, RawRedis } from './redis-raw';

export interface RedisTraffic {
  /** Commands a client sent (each awaited alone: one round trip each), by command. */
  roundTrips: Record<string, number>;
  /** Commands Lua scripts ran inside those round trips, by command. */
  inScripts: Record<string, number>;
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/**
 * Watches the server with MONITOR while `work` runs: every command a client sent (one line
 * `[db addr] "cmd" ...`) and every command a script ran (`[db lua] ...`). Markers sent through a
 * second connection bracket the work, so nothing before or after it is counted.
 */
export async function monitorTraffic(port: number, work: () => Promise<void>): Promise<RedisTraffic> {
  const monitor = await RawRedis.open(port);
  const marker = await RawRedis.open(port);
  try {
    await monitor.monitor();
    await marker.simple('ECHO bench-start');
    await work();
    await marker.simple('ECHO bench-end');
    const traffic: RedisTraffic = { roundTrips: {}, inScripts: {} };
    let counting = false;
    for (;;) {
      const line = await monitor.nextLine(10_000);
      const m = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"(.*)$/.exec(line);
      if (!m) continue;
      const [, from, command, rest] = m;
      if (command.toLowerCase() === 'echo' && rest.includes('bench-start')) counting = true;
      else if (command.toLowerCase() === 'echo' && rest.includes('bench-end')) break;
      else if (counting) bump(from === 'lua' ? traffic.inScripts : traffic.roundTrips, command.toLowerCase());
    }
    return traffic;
  } finally {
    monitor.close();
    marker.close();
  }
}

/** Calls per command from INFO commandstats (scripted commands included). */
export async function commandStats(port: number): Promise<Map<string, number>> {
  const raw = await RawRedis.open(port);
  try {
    return commandCalls(await raw.info('commandstats'));
  } finally {
    raw.close();
  }
}

/** after − before, without the bench's own INFO and ECHO. */
export function statsDelta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d > 0 && k !== 'info' && k !== 'echo') out[k] = d;
  }
  return out;
}
