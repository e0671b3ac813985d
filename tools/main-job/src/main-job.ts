import { ConfigError, validateEnv } from '@fsmon/config';
import { startEmbeddedKafka, startEmbeddedRedis } from '@fsmon/embedded';
import path from 'node:path';
import { AppProcess } from './app-process';
import { ReportPrinter } from './report-printer';
import { MainJobEnv } from './main-job.env';

type Stopper = { name: string; stop: () => Promise<void> };

/**
 * fsmon's main job: Kafka and Redis (embedded unless configured), then policy, aggregator and
 * collector as separate processes; Ctrl-C (or SIGTERM) stops the apps first and the
 * infrastructure last, so no client is left retrying against a vanished broker.
 */
export async function runMainJob(env: Record<string, string | undefined> = process.env): Promise<number> {
  const cfg = validateEnv('fsmon', MainJobEnv, env);
  const dataDir = path.resolve(cfg.FSMON_DATA_DIR);
  const infra: Stopper[] = [];
  const apps: AppProcess[] = [];
  let printer: ReportPrinter | undefined;
  const say = (line: string) => process.stdout.write(`fsmon: ${line}\n`);

  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await printer?.stop().catch((e: Error) => say(`stopping the report printer: ${e.message}`));
      for (const app of [...apps].reverse()) await app.stop();
      for (const s of infra.reverse()) await s.stop().catch((e: Error) => say(`stopping ${s.name}: ${e.message}`));
    })());

  const signalled = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });

  try {
    let brokers = cfg.KAFKA_BROKERS?.join(',');
    if (!brokers) {
      const kafka = await startEmbeddedKafka();
      infra.push({ name: 'embedded Kafka', stop: () => kafka.stop() });
      brokers = kafka.bootstrap;
      say(`embedded Kafka (librdkafka mock cluster) at ${brokers}`);
    }
    let redisUrl = cfg.REDIS_URL;
    if (!redisUrl) {
      const redis = await startEmbeddedRedis({ dir: path.join(dataDir, 'redis') });
      infra.push({ name: 'embedded Redis', stop: () => redis.stop() });
      redisUrl = redis.url;
      say(`embedded Redis at ${redisUrl}`);
    }

    const shared = { KAFKA_BROKERS: brokers, LOG_LEVEL: cfg.LOG_LEVEL };
    const logDir = path.join(dataDir, 'logs');
    apps.push(
      new AppProcess({ name: 'policy', port: cfg.POLICY_PORT, env: { ...shared, REDIS_URL: redisUrl } }, logDir),
      new AppProcess({ name: 'aggregator', port: cfg.AGGREGATOR_PORT, env: shared }, logDir),
      new AppProcess({ name: 'collector', port: cfg.COLLECTOR_PORT, env: shared }, logDir),
    );
    for (const app of apps) app.start();

    const deadline = Date.now() + cfg.FSMON_START_TIMEOUT * 1000;
    const results = await Promise.all(apps.map(async (a) => [a, await a.waitHealthy(deadline)] as const));
    const failed = results.filter(([, r]) => r !== 'healthy');
    for (const [app, r] of results) say(`${app.spec.name.padEnd(10)} ${r} on http://127.0.0.1:${app.spec.port} (log: ${app.logFile})`);
    if (failed.length > 0) {
      say(`not started: ${failed.map(([a]) => a.spec.name).join(', ')}; see their logs above`);
      await stopAll();
      return 1;
    }
    say('all apps healthy; reports follow as they arrive. Ctrl-C stops everything');
    printer = new ReportPrinter(brokers.split(','), (line) => process.stdout.write(`${line}\n`));
    await printer.start();
    if (!cfg.FSMON_EXIT_WHEN_HEALTHY) await signalled;
    say('stopping');
    await stopAll();
    say('stopped');
    return 0;
  } catch (e) {
    await stopAll();
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 78;
    }
    throw e;
  }
}

if (require.main === module) {
  runMainJob().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`fsmon: ${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}
