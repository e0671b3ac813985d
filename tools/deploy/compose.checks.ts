import { APP_NODE_FLAGS } from '@fsmon/config';
import { parseDockerfile, stageChain, type DockerStage } from './dockerfile.parse';

/** The apps, their HTTP ports, and the backing services each one is wired to. */
export const Apps = {
  collector: { port: 3001, uses: ['kafka'] },
  aggregator: { port: 3002, uses: ['kafka'] },
  policy: { port: 3003, uses: ['kafka', 'redis'] },
} as const;
type AppName = keyof typeof Apps;

type Service = Record<string, unknown> & { environment?: unknown; healthcheck?: { test?: unknown; disable?: boolean } };
const RUNTIME_DIRS = ['/run/containerd', '/run/docker', '/var/lib/docker/containers', '/run/containers', '/var/lib/containers', '/sys/fs/cgroup'];

/** Every structural problem of the compose file + Dockerfile pair; empty when the wiring is right. */
export function checkDeployment(compose: unknown, dockerfile: string): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const services = ((compose as { services?: Record<string, Service> })?.services ?? {}) as Record<string, Service>;
  const names = Object.keys(services).sort();
  const expected = ['aggregator', 'collector', 'kafka', 'policy', 'redis'];
  if (names.join() !== expected.join()) fail('services', `expected ${expected.join(', ')}, found ${names.join(', ') || 'none'}`);
  for (const [name, svc] of Object.entries(services)) {
    const test = svc.healthcheck?.test;
    if (!test || svc.healthcheck?.disable || (Array.isArray(test) && test[0] === 'NONE')) fail(name, 'has no healthcheck');
  }
  const kafkaBrokers = checkKafka(services.kafka ?? {}, fail);
  const redisUrl = checkRedis(services.redis ?? {}, fail);
  const stages = parseDockerfile(dockerfile);
  checkBuildStage(stages, fail);
  for (const app of Object.keys(Apps) as AppName[]) checkApp(app, services[app] ?? {}, stages, { kafka: kafkaBrokers, redis: redisUrl }, fail);
  return problems;
}

type Fail = (where: string, what: string) => void;

export function envOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** KRaft combined mode; returns the address apps must use (the advertised listener on the compose network). */
function checkKafka(svc: Service, fail: Fail): string | undefined {
  if (!/^apache\/kafka:(3\.9|4\.\d+)\.\d+$/.test(String(svc.image))) fail('kafka', `image ${String(svc.image)} is not a pinned apache/kafka 3.9.x/4.x`);
  const env = envOf(svc);
  if ((env.KAFKA_PROCESS_ROLES ?? '').split(',').map((r) => r.trim()).sort().join() !== 'broker,controller') fail('kafka', 'KAFKA_PROCESS_ROLES must be broker,controller (KRaft combined)');
  if (Object.keys(env).some((k) => k.includes('ZOOKEEPER'))) fail('kafka', 'ZooKeeper settings in KRaft mode');
  const listeners = listenerMap(env.KAFKA_LISTENERS);
  const advertised = listenerMap(env.KAFKA_ADVERTISED_LISTENERS);
  const controller = env.KAFKA_CONTROLLER_LISTENER_NAMES;
  const protocols = new Set((env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((p) => p.split(':')[0].trim()));
  for (const name of listeners.keys()) if (!protocols.has(name)) fail('kafka', `listener ${name} has no security protocol mapping`);
  const voter = `${env.KAFKA_NODE_ID}@kafka:${listeners.get(controller ?? '')?.port}`;
  if (!controller || !listeners.has(controller) || !(env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(',').includes(voter)) fail('kafka', `KAFKA_CONTROLLER_QUORUM_VOTERS must contain ${voter} (node id @ kafka : controller listener port)`);
  for (const k of ['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', 'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR', 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR']) if (env[k] !== '1') fail('kafka', `${k} must be 1 on a single broker`);
  if (!/^[A-Za-z0-9_-]{22}$/.test(env.CLUSTER_ID ?? '')) fail('kafka', 'CLUSTER_ID must be a 22-character base64url id');
  if (!mounts(svc).some((m) => m.target === env.KAFKA_LOG_DIRS && !m.source.startsWith('/'))) fail('kafka', 'KAFKA_LOG_DIRS must be on a named volume');
  if (!JSON.stringify(svc.healthcheck?.test ?? '').includes('kafka-broker-api-versions')) fail('kafka', 'healthcheck must ask the broker (kafka-broker-api-versions.sh)');
  const internal = [...advertised.values()].find((l) => l.host === 'kafka' && l.name !== controller);
  if (!internal || !listeners.has(internal.name)) fail('kafka', 'no advertised listener on the compose network (host kafka)');
  return internal && `${internal.host}:${internal.port}`;
}

function checkRedis(svc: Service, fail: Fail): string | undefined {
  if (!/^redis:7(\.\d+){0,2}(-[a-z0-9]+)?$/.test(String(svc.image))) fail('redis', `image ${String(svc.image)} is not redis:7`);
  const command = Array.isArray(svc.command) ? svc.command.map(String) : String(svc.command ?? '').split(/\s+/);
  const at = command.indexOf('--appendonly');
  if (at < 0 || command[at + 1] !== 'yes') fail('redis', 'AOF persistence needs --appendonly yes');
  if (!mounts(svc).some((m) => m.target === '/data' && !m.source.startsWith('/'))) fail('redis', '/data must be a named volume');
  if (!JSON.stringify(svc.healthcheck?.test ?? '').includes('redis-cli ping')) fail('redis', 'healthcheck must be redis-cli ping');
  const port = command.includes('--port') ? command[command.indexOf('--port') + 1] : '6379';
  return `redis://redis:${port}`;
}

function checkBuildStage(stages: DockerStage[], fail: Fail): void {
  const build = stages.find((s) => s.name === 'build');
  if (!build) return void fail('Dockerfile', 'no build stage');
  if (build.from !== 'node:20-bookworm-slim') fail('Dockerfile', `build stage is ${build.from}, expected node:20-bookworm-slim`);
  const runs = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' && ');
  for (const step of ['npm ci', 'npm run build']) if (!runs.includes(step)) fail('Dockerfile', `build stage does not run ${step}`);
}

function checkApp(app: AppName, svc: Service, stages: DockerStage[], wiring: { kafka?: string; redis?: string }, fail: Fail): void {
  const build = (svc.build ?? {}) as { context?: string; dockerfile?: string; target?: string };
  if (build.context !== '.' || (build.dockerfile ?? 'Dockerfile') !== 'Dockerfile') fail(app, 'must be built from ./Dockerfile');
  if (build.target !== app) fail(app, `build target is ${build.target}, expected ${app}`);
  const chain = stageChain(stages, build.target ?? '');
  if (chain.length === 0) fail(app, `target ${build.target} is not a Dockerfile stage`);
  const cmd = chain.flatMap((s) => s.instructions).find((i) => i.op === 'CMD')?.args ?? '';
  if (!cmd.includes('./tools/register-dist-paths.js') || !cmd.includes(`dist/apps/${app}/src/main.js`)) fail(app, `stage CMD does not run dist/apps/${app}/src/main.js with register-dist-paths`);
  for (const flag of APP_NODE_FLAGS[app]) if (!cmd.includes(`"${flag}"`)) fail(app, `stage CMD lacks the node flag ${flag} (APP_NODE_FLAGS)`);
  const copies = chain.flatMap((s) => s.instructions).filter((i) => i.op === 'COPY' && i.args.includes('--from=build'));
  for (const dir of ['./dist', './node_modules']) if (!copies.some((c) => c.args.endsWith(dir))) fail(app, `stage does not copy ${dir} from the build stage`);
  const env = envOf(svc);
  const { port, uses } = Apps[app];
  if (env.HTTP_PORT !== String(port)) fail(app, `HTTP_PORT is ${env.HTTP_PORT}, expected ${port}`);
  const imageEnv = chain.flatMap((s) => s.instructions).find((i) => i.op === 'ENV' && i.args.startsWith('HTTP_PORT='));
  if (imageEnv?.args !== `HTTP_PORT=${port}`) fail(app, `Dockerfile stage sets ${imageEnv?.args ?? 'no HTTP_PORT'}, expected HTTP_PORT=${port}`);
  const published = ((svc.ports ?? []) as unknown[]).map(String);
  if (!published.includes(`127.0.0.1:${port}:${port}`)) fail(app, `port ${port} is not published on the host's loopback (only)`);
  if (published.some((p) => !p.startsWith('127.0.0.1:'))) fail(app, 'publishes a port beyond the host loopback');
  const host = env.HTTP_HOST ?? chain.flatMap((s) => s.instructions).find((i) => i.op === 'ENV' && /\bHTTP_HOST=/.test(i.args))?.args.match(/HTTP_HOST=(\S+)/)?.[1];
  if (host !== '0.0.0.0') fail(app, `HTTP_HOST is ${host}: published ports need 0.0.0.0 inside the container`);
  const health = JSON.stringify(svc.healthcheck?.test ?? '');
  if (!health.includes('/health') || !(health.includes('HTTP_PORT') || health.includes(`:${port}/`))) fail(app, 'healthcheck does not ask its own /health');
  if (!wiring.kafka || env.KAFKA_BROKERS !== wiring.kafka) fail(app, `KAFKA_BROKERS is ${env.KAFKA_BROKERS}, expected kafka's advertised listener ${wiring.kafka}`);
  const usesRedis = (uses as readonly string[]).includes('redis');
  if (usesRedis && env.REDIS_URL !== wiring.redis) fail(app, `REDIS_URL is ${env.REDIS_URL}, expected ${wiring.redis}`);
  if (!usesRedis && env.REDIS_URL !== undefined) fail(app, 'has REDIS_URL but does not use Redis');
  const deps = (svc.depends_on ?? {}) as Record<string, { condition?: string }>;
  if (Array.isArray(svc.depends_on)) fail(app, 'depends_on must wait for health (condition: service_healthy)');
  for (const dep of uses) if (deps[dep]?.condition !== 'service_healthy') fail(app, `does not wait for ${dep} to be healthy`);
  if (app === 'collector') checkCollector(svc, env, fail);
  else if (svc.privileged || svc.pid === 'host' || svc.cap_add) fail(app, 'needs no privileges');
}

function checkCollector(svc: Service, env: Record<string, string>, fail: Fail): void {
  if (svc.privileged !== true) fail('collector', 'must be privileged (fanotify needs CAP_SYS_ADMIN)');
  if (svc.pid !== 'host') fail('collector', 'must share the host pid namespace (pid: host)');
  const vols = mounts(svc);
  for (const dir of RUNTIME_DIRS) if (!vols.some((m) => m.source === dir && m.target === dir && m.readOnly)) fail('collector', `${dir} must be mounted read-only at the same path`);
  if (!env.NODE_NAME) fail('collector', 'NODE_NAME is not set (the hostname of a container is its id)');
}

function listenerMap(spec: string | undefined): Map<string, { name: string; host: string; port: string }> {
  const out = new Map<string, { name: string; host: string; port: string }>();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const m = /^([A-Za-z_]+):\/\/([^:]*):(\d+)/.exec(part.trim());
    if (m) out.set(m[1], { name: m[1], host: m[2], port: m[3] });
  }
  return out;
}

function mounts(svc: Service): { source: string; target: string; readOnly: boolean }[] {
  return ((svc.volumes ?? []) as unknown[]).map((v) => {
    if (typeof v === 'string') {
      const [source, target, mode = ''] = v.split(':');
      return { source, target, readOnly: mode.split(',').includes('ro') };
    }
    const o = v as { source?: string; target?: string; read_only?: boolean };
    return { source: o.source ?? '', target: o.target ?? '', readOnly: o.read_only === true };
  });
}
