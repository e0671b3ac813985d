import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkDeployment, envOf } from './compose.checks';

// No Docker engine runs here, so the deployment is checked as data: the compose file's services,
// images, env wiring and privileges against the Dockerfile's stages.

type Svc = Record<string, unknown> & { environment: Record<string, unknown> };
type Compose = { services: Record<string, Svc> };

const root = join(__dirname, '..', '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const dockerfileText = readFileSync(join(root, 'Dockerfile'), 'utf8');
// A JSON round trip gives every app its own copy of the YAML-anchored healthcheck, so a mutation
// below changes one service only.
const load = (): Compose => JSON.parse(JSON.stringify(parse(composeText))) as Compose;

describe('docker-compose.yml + Dockerfile', () => {
  it('is valid YAML without duplicate keys', () => {
    expect(() => parse(composeText, { uniqueKeys: true, strict: true })).not.toThrow();
  });

  it('has no structural problem', () => {
    expect(checkDeployment(load(), dockerfileText)).toEqual([]);
  });

  it('runs Kafka in KRaft mode, Redis with AOF, and the three apps from one Dockerfile', () => {
    const { services } = load();
    expect(Object.keys(services).sort()).toEqual(['aggregator', 'collector', 'kafka', 'policy', 'redis']);
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(envOf(services.kafka)).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_ADVERTISED_LISTENERS: expect.stringContaining('PLAINTEXT://kafka:9092') });
    expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    for (const app of ['policy', 'aggregator', 'collector']) {
      expect(services[app].build).toMatchObject({ context: '.', dockerfile: 'Dockerfile', target: app });
      expect(envOf(services[app]).KAFKA_BROKERS).toBe('kafka:9092');
      expect(services[app].depends_on).toMatchObject({ kafka: { condition: 'service_healthy' } });
    }
    expect(envOf(services.policy).REDIS_URL).toBe('redis://redis:6379');
    expect(services.policy.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
    expect(services.collector).toMatchObject({ privileged: true, pid: 'host' });
  });

  describe('fails when the wiring breaks', () => {
    const env = (c: Compose, svc: string) => c.services[svc].environment;
    const cases: [string, (c: Compose) => void, RegExp][] = [
      ['a service is missing', (c) => delete c.services.redis, /^services: expected/],
      ['Kafka is unpinned', (c) => (c.services.kafka.image = 'apache/kafka:latest'), /kafka: image .* not a pinned/],
      ['Kafka is a broker only', (c) => (env(c, 'kafka').KAFKA_PROCESS_ROLES = 'broker'), /KRaft combined/],
      ['Kafka gets ZooKeeper', (c) => (env(c, 'kafka').KAFKA_ZOOKEEPER_CONNECT = 'zk:2181'), /ZooKeeper settings/],
      ['the quorum voter port is wrong', (c) => (env(c, 'kafka').KAFKA_CONTROLLER_QUORUM_VOTERS = '1@kafka:9092'), /QUORUM_VOTERS must contain 1@kafka:9093/],
      ['offsets are replicated 3 times', (c) => (env(c, 'kafka').KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR = 3), /OFFSETS_TOPIC_REPLICATION_FACTOR must be 1/],
      ['Kafka advertises localhost only', (c) => (env(c, 'kafka').KAFKA_ADVERTISED_LISTENERS = 'PLAINTEXT://localhost:9092'), /kafka: no advertised listener/],
      ['Kafka data is not on a volume', (c) => (c.services.kafka.volumes = []), /KAFKA_LOG_DIRS must be on a named volume/],
      ['Redis has no AOF', (c) => (c.services.redis.command = ['redis-server']), /--appendonly yes/],
      ['Redis is version 6', (c) => (c.services.redis.image = 'redis:6.2'), /redis: image redis:6.2 is not redis:7/],
      ['an app points at the wrong broker', (c) => (env(c, 'aggregator').KAFKA_BROKERS = 'localhost:9092'), /aggregator: KAFKA_BROKERS is localhost:9092, expected .*kafka:9092/],
      ['policy points at the wrong Redis', (c) => (env(c, 'policy').REDIS_URL = 'redis://localhost:6379'), /policy: REDIS_URL is redis:\/\/localhost:6379/],
      ['policy has no Redis', (c) => delete env(c, 'policy').REDIS_URL, /policy: REDIS_URL is undefined/],
      ['policy does not wait for Redis health', (c) => (c.services.policy.depends_on = ['kafka', 'redis']), /policy: depends_on must wait/],
      ['the collector only waits for Kafka to start', (c) => (c.services.collector.depends_on = { kafka: { condition: 'service_started' } }), /collector: does not wait for kafka/],
      ['the collector is not privileged', (c) => (c.services.collector.privileged = false), /collector: must be privileged/],
      ['the collector has its own pid namespace', (c) => delete c.services.collector.pid, /pid: host/],
      ['a runtime dir is writable', (c) => (c.services.collector.volumes = ['/run/containerd:/run/containerd']), /\/run\/containerd must be mounted read-only/],
      ['the collector has no NODE_NAME', (c) => delete env(c, 'collector').NODE_NAME, /collector: NODE_NAME is not set/],
      ['an app listens on loopback inside its container', (c) => (env(c, 'policy').HTTP_HOST = '127.0.0.1'), /policy: HTTP_HOST is 127.0.0.1/],
      ['an app is published on every interface', (c) => (c.services.aggregator.ports = ['3002:3002']), /aggregator: port 3002 is not published on the host's loopback/],
      ['the aggregator gets privileges', (c) => (c.services.aggregator.privileged = true), /aggregator: needs no privileges/],
      ['policy builds the aggregator target', (c) => ((c.services.policy.build as { target: string }).target = 'aggregator'), /policy: build target is aggregator/],
      ['an app uses another Dockerfile', (c) => ((c.services.policy.build as { dockerfile: string }).dockerfile = 'Dockerfile.dev'), /policy: must be built from \.\/Dockerfile/],
      ['Redis has no healthcheck', (c) => delete c.services.redis.healthcheck, /redis: has no healthcheck/],
      ['an app healthcheck is disabled', (c) => (c.services.aggregator.healthcheck = { disable: true }), /aggregator: has no healthcheck/],
      ['an app healthcheck asks another port', (c) => (c.services.policy.healthcheck = { test: ['CMD', 'node', '-e', "fetch('http://127.0.0.1:9999/metrics')"] }), /policy: healthcheck does not ask/],
      ['an app listens on another port', (c) => (env(c, 'collector').HTTP_PORT = 8080), /collector: HTTP_PORT is 8080/],
    ];
    it.each(cases)('%s', (_, mutate, problem) => {
      const compose = load();
      mutate(compose);
      expect(checkDeployment(compose, dockerfileText)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    });

    it.each<[string, [RegExp, string], RegExp]>([
      ['the policy stage is gone', [/AS policy$/m, 'AS policy-old'], /policy: target policy is not a Dockerfile stage/],
      ['the aggregator runs the policy main', [/dist\/apps\/aggregator\/src\/main\.js/, 'dist/apps/policy/src/main.js'], /aggregator: stage CMD/],
      ['the aggregator loses its V8 flag', [/"--initial-old-space-size=64", /, ''], /aggregator: stage CMD lacks the node flag --initial-old-space-size=64/],
      ['the build skips npm ci', [/RUN npm ci[^\n]*/, 'RUN npm install'], /build stage does not run npm ci/],
      ['the base image is not Node 20 slim', [/node:20-bookworm-slim/, 'node:22'], /expected node:20-bookworm-slim/],
      ['the runtime stage does not copy dist', [/COPY --from=build \/app\/dist \.\/dist\n/, ''], /collector: stage does not copy \.\/dist/],
      ['a stage bakes in another port', [/ENV HTTP_PORT=3003/, 'ENV HTTP_PORT=80'], /policy: Dockerfile stage sets HTTP_PORT=80/],
    ])('Dockerfile: %s', (_, [from, to], problem) => {
      const broken = dockerfileText.replace(from, to);
      expect(broken).not.toBe(dockerfileText);
      expect(checkDeployment(load(), broken)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    });
  });
});
