import { ConfigError, validateEnv } from '@fsmon/config';
import { startEmbeddedKafka, startEmbeddedRedis } from '@fsmon/embedded';
import path from 'node:path';
import { adminTokens } from './admin-token';
import { appEnvs } from './app-env';
import { AppProcess } from './app-process';
import { ReportPrinter } from './report-printer';
import { MainJobEnv } from './main-job.env';
import { writeRunFiles } from './run-files';

type Stopper = { name: string; stop: () => Promise<void> };

/**
 * fsmon's main job: Kafka and Redis (embedded unless configured), then policy, aggregator and
 * collector as separate processes; Ctrl-C (or SIGTERM) stops the apps first and the
 * infrastructure last, so no client is left retrying against a vanished broker. A second Ctrl-C
 * kills the apps at once instead of waiting for their graceful stop.
 */
export async function runMainJob(env: Record<string, string | undefined> = process.env): Promise<number> {
  const cfg = validateEnv('fsmon', MainJobEnv, env);
  const dataDir = path.resolve(cfg.FSMON_DATA_DIR);
  const infra: Stopper[] = [];
  const apps: AppProcess[] = [];
  let printer: ReportPrinter | undefined;
  let runFiles: { remove(): void } | undefined;
  const say = (line: string) => process.stdout.write(`fsmon: ${line}\n`);

  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      runFiles?.remove();
      await printer?.stop().catch((e: Error) => say(`stopping the report printer: ${e.message}`));
      for (const app of [...apps].reverse()) {
        if (!(await app.stop())) say(`${app.spec.name} did not stop within 10 s of SIGTERM; killed it (see ${app.logFile})`);
      }
      for (const s of infra.reverse()) await s.stop().catch((e: Error) => say(`stopping ${s.name}: ${e.message}`));
    })());

  // The listeners stay for the whole run: a second signal (an impatient Ctrl-C, or `timeout`,
  // which signals the child and then its whole process group) must not kill the main job
  // half-way through stopping and leave the apps behind.
  let signals = 0;
  const signalled = new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      signals += 1;
      if (signals === 1) return resolve();
      if (signals > 2) process.exit(130);
      say(`${sig} again: killing the apps now (once more leaves at once, which may leave Redis behind)`);
      apps.forEach((a) => a.kill());
    };
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
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

    const tokens = adminTokens(dataDir, env);
    if (tokens.source === 'env') say('admin API tokens: from POLICY_ADMIN_TOKENS');
    else say(`admin API token: ${tokens.created ? 'new, written to' : 'reused from'} ${tokens.file} (mode 0600; the fsmon CLI reads it)`);

    const envs = appEnvs({ dataDir, brokers, redisUrl, logLevel: cfg.LOG_LEVEL, adminToken: tokens.source === 'file' ? tokens.token : undefined }, env);
    const logDir = path.join(dataDir, 'logs');
    apps.push(
      new AppProcess({ name: 'policy', port: cfg.POLICY_PORT, env: envs.policy }, logDir),
      new AppProcess({ name: 'aggregator', port: cfg.AGGREGATOR_PORT, env: envs.aggregator }, logDir),
      new AppProcess({ name: 'collector', port: cfg.COLLECTOR_PORT, env: envs.collector }, logDir),
    );
    for (const app of apps) app.start();

    const deadline = Date.now() + cfg.FSMON_START_TIMEOUT * 1000;
    const results = await Promise.race([
      Promise.all(apps.map(async (a) => [a, await a.waitHealthy(deadline)] as const)),
      signalled.then(() => null),
    ]);
    if (results === null) {
      say('stopping before every app was healthy');
      await stopAll();
      say('stopped');
      return 130;
    }
    const failed = results.filter(([, r]) => r !== 'healthy');
    for (const [app, r] of results) say(`${app.spec.name.padEnd(10)} ${r} on http://127.0.0.1:${app.spec.port} (log: ${app.logFile})`);
    if (failed.length > 0) {
      say(`not started: ${failed.map(([a]) => a.spec.name).join(', ')}; see their logs above`);
      await stopAll();
      return 1;
    }
    const policyUrl = `http://127.0.0.1:${cfg.POLICY_PORT}`;
    runFiles = writeRunFiles(dataDir, { kafkaBrokers: brokers, policyUrl });
    say(`Kafka brokers written to ${path.join(dataDir, 'kafka-brokers')}: \`fsmon reports tail\` and the other commands find this run by themselves`);
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
