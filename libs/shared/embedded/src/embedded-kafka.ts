import { TopicPartitions } from '@fsmon/contracts';
import { loadLibRdKafka, type RdKafkaHandle } from '@fsmon/ffi';
import { holdConnections, type ConnectionHold } from './connection-hold';
import { socketOwners, tcpSockets, type TcpSocket } from './tcp-sockets';

export type { ConnectionHold } from './connection-hold';

export interface EmbeddedKafkaOptions {
  /** Number of brokers, numbered 1..n (default 1). */
  brokers?: number;
  /** Extra topics (name → partitions), created in addition to every fsmon topic. */
  topics?: Record<string, number>;
}

/**
 * librdkafka's mock cluster, running on librdkafka's own threads in this process. Other processes
 * can connect to `bootstrap`. It supports produce/fetch/consumer groups/idempotence but not the
 * topic admin APIs, so topics are created here; it reports controller id 0 (the Kafka adapter
 * handles that). Each partition keeps at most 5 MiB: older records are dropped silently.
 *
 * Order of shutdown: disconnect every kafkajs client first, then `stop()`. A consumer whose broker
 * vanished retries forever and keeps its process alive, so `stop()` refuses to pass silently when
 * client connections are still open (see `stop`).
 *
 * Child processes: the mock accepts connections without close-on-exec, so a process spawned from
 * this one inherits the broker's end of every connection open at that moment. `setBrokerDown` then
 * leaves those connections open but unanswered (half-open) until that process exits: a test that
 * spawns apps and then takes the broker down tests a network partition for the apps' connections
 * accepted before the spawn, not a refused connection. Spawn apps through `withoutInheritedFds`
 * (the main job and the pipeline tests do); `holdConnections` makes a partition on purpose.
 */
export interface EmbeddedKafka {
  /** `127.0.0.1:port,...` */
  readonly bootstrap: string;
  /** One `host:port` per broker, in broker-id order. */
  readonly brokers: string[];
  /** Creates a topic; a topic that already exists is left as it is. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Disconnects broker `brokerId` (1..n) and refuses new connections until `setBrokerUp`. */
  setBrokerDown(brokerId: number): void;
  setBrokerUp(brokerId: number): void;
  /**
   * Makes the connections open now half-open when their broker goes down: a holder process keeps
   * the broker's end open, so clients get no FIN or reset, only unanswered requests (a network
   * partition). `release()` ends it (the held connections are reset); `stop()` releases it too.
   */
  holdConnections(): Promise<ConnectionHold>;
  /**
   * Waits (up to 2 s) for client connections to close, then destroys the cluster. Rejects with
   * `EmbeddedKafkaInUseError` when connections were still open (the cluster is destroyed anyway).
   * Idempotent.
   */
  stop(): Promise<void>;
}

/** `stop()` found clients still connected: some kafkajs client was not disconnected first. */
export class EmbeddedKafkaInUseError extends Error {
  readonly code = 'EMBEDDED_KAFKA_IN_USE';
  constructor(
    readonly openConnections: number,
    /** Who holds the client ends, e.g. `pid 123 (node)`, when it could be found. */
    readonly holders: readonly string[] = [],
  ) {
    const by = holders.length > 0 ? ` (held by ${holders.join(', ')})` : '';
    super(`embedded Kafka stopped with ${openConnections} client connection(s) still open${by}: disconnect every Kafka client before stop()`);
    this.name = 'EmbeddedKafkaInUseError';
  }
}

const TOPIC_ALREADY_EXISTS = 36;
const DRAIN_TIMEOUT_MS = 2000;

/** Starts a private mock cluster on free loopback ports with every fsmon topic pre-created. */
export async function startEmbeddedKafka(opts: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  const brokerCount = opts.brokers ?? 1;
  if (!Number.isInteger(brokerCount) || brokerCount < 1) throw new RangeError(`brokers must be a positive integer, got ${brokerCount}`);
  const lib = loadLibRdKafka();
  // Errors only: the mock logs every client disconnect at lower levels.
  const rk = lib.newProducer({ 'client.id': 'fsmon-embedded-kafka', log_level: '3' });
  let mc: RdKafkaHandle;
  try {
    mc = lib.mockClusterNew(rk, brokerCount);
  } catch (e) {
    lib.destroy(rk);
    throw e;
  }
  const bootstrap = lib.mockClusterBootstraps(mc);
  const brokers = bootstrap.split(',');
  let stopping: Promise<void> | undefined;
  const ports = new Set(brokers.map((b) => Number(b.slice(b.lastIndexOf(':') + 1))));
  const holds = new Set<ConnectionHold>();

  const checkBroker = (brokerId: number): void => {
    if (stopping) throw new Error('embedded Kafka is stopped');
    if (!Number.isInteger(brokerId) || brokerId < 1 || brokerId > brokerCount) {
      throw new RangeError(`broker id ${brokerId} is not in 1..${brokerCount}`);
    }
  };
  const expectOk = (call: string, code: number): void => {
    if (code !== 0) throw new Error(`${call}: ${lib.errorName(code)} (${code})`);
  };

  const kafka: EmbeddedKafka = {
    bootstrap,
    brokers,
    async createTopic(name, partitions) {
      if (stopping) throw new Error('embedded Kafka is stopped');
      if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
      const code = await lib.mockTopicCreate(mc, name, partitions, Math.min(brokerCount, 3));
      if (code !== TOPIC_ALREADY_EXISTS) expectOk(`create topic ${name}`, code);
    },
    setBrokerDown(brokerId) {
      checkBroker(brokerId);
      expectOk(`set broker ${brokerId} down`, lib.mockBrokerSetDown(mc, brokerId));
    },
    setBrokerUp(brokerId) {
      checkBroker(brokerId);
      expectOk(`set broker ${brokerId} up`, lib.mockBrokerSetUp(mc, brokerId));
    },
    async holdConnections() {
      if (stopping) throw new Error('embedded Kafka is stopped');
      const hold = await holdConnections(ports);
      holds.add(hold);
      return hold;
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all([...holds].map((h) => h.release()));
        const open = await waitForNoConnections(ports, DRAIN_TIMEOUT_MS);
        const holders = open > 0 ? clientHolders(ports) : [];
        lib.mockClusterDestroy(mc);
        lib.destroy(rk);
        if (open > 0) throw new EmbeddedKafkaInUseError(open, holders);
      })();
      return stopping;
    },
  };

  try {
    for (const [name, partitions] of Object.entries({ ...TopicPartitions, ...opts.topics })) {
      await kafka.createTopic(name, partitions);
    }
  } catch (e) {
    await kafka.stop();
    throw e;
  }
  return kafka;
}

async function waitForNoConnections(ports: Set<number>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = countEstablished(ports);
    if (open === 0 || Date.now() >= deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Client connections still open to the brokers, from the kernel's socket tables: broker-side
 * sockets in state ESTABLISHED whose client end still exists. The client end is what matters: the
 * broker's end can outlive its client (connections that arrived while it was set down, or copies
 * held by a process that inherited them, see Child processes), and those hold nothing of the caller's.
 */
function countEstablished(ports: Set<number>): number {
  return clientEnds(ports).length;
}

/** The client ends of the connections `countEstablished` counts. */
function clientEnds(ports: Set<number>): TcpSocket[] {
  const established = tcpSockets().filter((s) => s.established);
  const brokerEnds = new Set(established.filter((s) => ports.has(s.localPort)).map((s) => `${s.remote}>${s.local}`));
  return established.filter((s) => !ports.has(s.localPort) && brokerEnds.has(`${s.local}>${s.remote}`));
}

/** `pid N (comm)` of each process holding a client end: names the client left connected. */
function clientHolders(ports: Set<number>): string[] {
  const owners = socketOwners(new Set(clientEnds(ports).map((s) => s.inode)));
  return [...new Set([...owners.values()].flat())];
}
