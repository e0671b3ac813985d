import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestKafka, startTestRedis, type TestKafka, type TestRedis } from '@fsmon/testing';
import { type AppBuild, buildApps, sharedBuild } from './app.build';
import { type AppName, AppProcess } from './app.process';
import { CollectorApi } from './collector.api';
import { PolicyApi } from './policy.api';

/** Timings short enough for tests; every other variable keeps the app's default. */
export const TEST_WINDOWS = {
  collectorCoalesceMs: 200,
  aggregatorHoldMs: 1000,
  aggregatorTickMs: 200,
} as const;

export interface PipelineOptions {
  /** Container ids the collector watches (WATCH_ONLY_CONTAINERS); the host is never watched. */
  readonly containers: readonly string[];
  /** RUNTIME_STATE_ROOT of the collector (where the test containers' docker state lies). */
  readonly stateRoot: string;
  /** Extra variables per app. */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
  /** Bound on every app's /health at start (default 60 s). */
  readonly startTimeoutMs?: number;
  /** A compiled tree to run; default: the run's shared build, else one built here and removed at stop. */
  readonly build?: AppBuild;
}

/**
 * fsmon as a black box: the embedded broker and a private redis-server in this process, then
 * policy, aggregator and collector as separate Node processes on free loopback ports. Tests talk
 * to it over Kafka topics and HTTP only. `stop()` ends the apps first (SIGTERM, then SIGKILL,
 * bounded) and the infrastructure last.
 */
export class Pipeline {
  private constructor(
    readonly dir: string,
    readonly kafka: TestKafka,
    readonly redis: TestRedis,
    readonly apps: Record<AppName, AppProcess>,
    readonly adminToken: string,
    readonly readToken: string,
    readonly collectorId: string,
    private readonly ownBuild: AppBuild | null,
  ) {}

  static async start(o: PipelineOptions): Promise<Pipeline> {
    const given = o.build ?? sharedBuild();
    const ownBuild = given ? null : await buildApps();
    const build = given ?? (ownBuild as AppBuild);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsmon-e2e-'));
    let kafka: TestKafka | undefined;
    let redis: TestRedis | undefined;
    let owned: Pipeline | undefined;
    try {
      kafka = await startTestKafka();
      redis = await startTestRedis({ dir: path.join(dir, 'redis') });
      const adminToken = randomBytes(24).toString('hex');
      const readToken = randomBytes(24).toString('hex');
      const collectorId = `e2e-node-${randomBytes(3).toString('hex')}`;
      const shared = { KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'info' };
      const env: Record<AppName, Record<string, string>> = {
        policy: {
          ...shared,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: `e2e:${randomBytes(4).toString('hex')}:`,
          POLICY_ADMIN_TOKENS: adminToken,
          POLICY_READ_TOKENS: readToken,
          POLICY_GROUP_ID: 'fsmon-policy-e2e',
          POLICY_KAFKA_SESSION_TIMEOUT_MS: '6000',
          POLICY_COLLECTOR_HEARTBEAT_MS: '1000',
          ...o.env?.policy,
        },
        aggregator: {
          ...shared,
          AGGREGATOR_GROUP_ID: 'fsmon-aggregator-e2e',
          AGGREGATOR_TICK_MS: String(TEST_WINDOWS.aggregatorTickMs),
          AGGREGATOR_HOLD_MS: String(TEST_WINDOWS.aggregatorHoldMs),
          AGGREGATOR_PACKAGE_HOLD_MS: '2000',
          AGGREGATOR_UPGRADE_HOLD_MS: '1000',
          AGGREGATOR_LAG_REFRESH_MS: '1000',
          KAFKA_SESSION_TIMEOUT_MS: '6000',
          ...o.env?.aggregator,
        },
        collector: {
          ...shared,
          NODE_NAME: 'e2e-node',
          COLLECTOR_ID: collectorId,
          WATCH_HOST: 'false',
          WATCH_CONTAINERS: 'true',
          WATCH_ONLY_CONTAINERS: o.containers.join(','),
          RUNTIME_STATE_ROOT: o.stateRoot,
          DISCOVERY_INTERVAL_MS: '200',
          COALESCE_WINDOW_MS: String(TEST_WINDOWS.collectorCoalesceMs),
          RUNTIME_FILE_GRACE_MS: '0',
          SPOOL_DIR: path.join(dir, 'spool'),
          STATUS_INTERVAL_MS: '1000',
          LEARN_FLUSH_MS: '300',
          PROTECT_REPORT_WINDOW_MS: '300',
          ...o.env?.collector,
        },
      };
      const logDir = path.join(dir, 'logs');
      fs.mkdirSync(logDir, { recursive: true });
      const apps = {} as Record<AppName, AppProcess>;
      for (const name of ['policy', 'aggregator', 'collector'] as const) apps[name] = new AppProcess(name, await freePort(), env[name], logDir, build);
      const pipeline = new Pipeline(dir, kafka, redis, apps, adminToken, readToken, collectorId, ownBuild);
      owned = pipeline;
      try {
        for (const app of Object.values(apps)) app.start();
        await Promise.all(Object.values(apps).map((a) => a.waitHealthy(o.startTimeoutMs ?? 60_000)));
      } catch (e) {
        await pipeline.stop(true).catch(() => undefined);
        throw new Error(`${(e as Error).message}\n(logs kept in ${logDir})`);
      }
      return pipeline;
    } catch (e) {
      if (owned) throw e; // it stopped everything it had
      await redis?.stop().catch(() => undefined);
      await kafka?.stop().catch(() => undefined);
      ownBuild?.remove();
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** The admin API with the admin token. */
  get api(): PolicyApi {
    return new PolicyApi(this.apps.policy.url, this.adminToken);
  }

  /** The collector's debug API (its port stays the same across restarts). */
  get collector(): CollectorApi {
    return new CollectorApi(() => this.apps.collector.url);
  }

  /** Restarts one app: SIGTERM (or SIGKILL with `crash`), start, wait for /health (bounded). */
  async restart(name: AppName, opts: { crash?: boolean; downMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const app = this.apps[name];
    await (opts.crash ? app.kill() : app.stop());
    if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
    app.start();
    await app.waitHealthy(opts.timeoutMs ?? 60_000);
  }

  /** Takes every broker of the embedded cluster down until `up()` is called. */
  brokerDown(): { up(): void } {
    const ids = this.kafka.brokers.map((_, i) => i + 1);
    for (const id of ids) this.kafka.embedded.setBrokerDown(id);
    return { up: () => ids.forEach((id) => this.kafka.embedded.setBrokerUp(id)) };
  }

  /** Apps first (bounded), then Redis and the broker; the log directory is removed unless `keepLogs`. */
  async stop(keepLogs = false): Promise<void> {
    const errors: string[] = [];
    for (const name of ['collector', 'aggregator', 'policy'] as const) await this.apps[name].stop().catch((e: Error) => errors.push(e.message));
    await this.redis.stop().catch((e: Error) => errors.push(e.message));
    await this.kafka.stop().catch((e: Error) => errors.push(e.message));
    if (!keepLogs) fs.rmSync(this.dir, { recursive: true, force: true });
    this.ownBuild?.remove();
    if (errors.length > 0) throw new Error(`pipeline stop: ${errors.join('; ')}`);
  }
}
