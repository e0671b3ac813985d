// The collector's protect path as the bench runs it, in a process of its own: the real PolicyStore
// fed by the policy topic (PolicyTopicSource), and ProtectService with its permission worker,
// verdict probe and watchdog. Raw events and learned rules are counted, not sent.
//   node -r bench/register-ts.js bench/protect/monitor.ts <brokers> <rootPid> <mntns> <rootLink> [<fetchWaitMs>]
// (fetchWaitMs: the policy consumer's maxWaitTimeInMs; default the collector's own, unset)
// Prints "changed <revision> <epoch µs>" when a policy change was applied (table pushed), "applied
// <revision> <permission>" when the status shows it (again when the stall watchdog took permission
// away or gave it back), "trips <n>" when the watchdog tripped, then on "stop" (stdin) a JSON line
// of counters, and exits.
import { Logger } from '@nestjs/common';
import { createKafka } from '@fsmon/kafka';
import { PolicyStore, PolicyTopicSource } from '../../apps/collector/src/policy';
import { defaultProtectOptions, ProtectService } from '../../apps/collector/src/protect';

const [brokers, rootPid, mntns, rootLink, fetchWaitMs] = process.argv.slice(2);

function quiet(): Logger {
  const logger = new Logger('bench');
  // Warnings and errors stay (stderr): a bench that waits in vain says why.
  for (const level of ['log', 'debug', 'verbose'] as const) logger[level] = () => undefined;
  return logger;
}

async function main(): Promise<void> {
  const store = new PolicyStore({ defaultMode: 'Discover', logger: quiet() });
  let rawEvents = 0;
  let learned = 0;
  const service = new ProtectService({
    options: defaultProtectOptions({ collectorId: 'bench' }),
    policies: store,
    rawEvents: { enqueue: (events) => void (rawEvents += events.length) },
    learnedRules: { add: (rules) => void (learned += rules.length) },
    logger: quiet(),
  });
  await service.start();
  // Registered after the service's own listener: the time printed is after the table was pushed.
  store.onChange((_groups, revision) => console.log(`changed ${revision} ${Math.round((performance.timeOrigin + performance.now()) * 1000)}`));
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench-protect', logLevel: 'nothing' });
  const source = new PolicyTopicSource(kafka, store, {
    collectorId: 'bench',
    logger: quiet(),
    ...(fetchWaitMs === undefined ? {} : { maxWaitTimeInMs: Number(fetchWaitMs) }),
  });
  source.start();
  const workload = {
    key: 'bench-container',
    isHost: false,
    rootPid: Number(rootPid),
    mntns: Number(mntns),
    rootPath: `/proc/${rootPid}/root`,
    rootLink,
    identity: { id: 'bench-container', name: 'bench', image: 'bench', labels: {} },
  };
  service.upsert({ workload, capBlock: true, dirs: [{ path: '/data' }], files: [] });
  let shown = '';
  let trips = 0;
  let consumerStatus = '';
  const timer = setInterval(() => {
    const consumer = source.stats().consumer?.status ?? 'none';
    if (consumer !== consumerStatus) console.error(`${new Date().toISOString()} policy consumer ${(consumerStatus = consumer)}`);
    const s = service.status();
    const applied = `applied ${s.appliedRevision} ${s.workloads[0]?.permission === true}`;
    if (applied !== shown) console.log((shown = applied));
    if ((s.counters['watchdog.trips'] ?? 0) !== trips) {
      trips = s.counters['watchdog.trips'];
      console.error(`${new Date().toISOString()} stall watchdog tripped (${trips}): ${s.notes.join('; ')}`);
      console.log(`trips ${trips}`);
    }
  }, 20);
  process.stdin.setEncoding('utf8').on('data', (d: string) => {
    if (!d.includes('stop')) return;
    clearInterval(timer);
    service.flushReports();
    const status = service.status();
    void (async () => {
      await source.stop();
      await service.stop();
      console.log(JSON.stringify({ ...status.counters, rawEvents, learned, suspended: status.suspended }));
      process.exit(0);
    })();
  });
}

main().catch((e: unknown) => {
  console.error('monitor failed:', e);
  process.exit(1);
});
