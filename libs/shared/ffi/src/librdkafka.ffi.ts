import type * as Koffi from 'koffi' with { 'resolution-mode': 'require' };

// koffi's typings are ESM-only ("type": "module"); its CommonJS entry is loaded with require.
const koffi = require('koffi') as typeof Koffi;

/** An opaque librdkafka handle (`rd_kafka_t *`, `rd_kafka_conf_t *`, `rd_kafka_mock_cluster_t *`). */
export type RdKafkaHandle = unknown;

/**
 * The part of librdkafka fsmon uses: a producer handle to host its mock cluster, and the mock
 * cluster API (rdkafka_mock.h). Functions return librdkafka's `rd_kafka_resp_err_t` codes (0 = no error).
 */
export interface LibRdKafka {
  /** `rd_kafka_err2name`: the symbolic name of an error code, e.g. `_UNKNOWN_BROKER`. */
  errorName(code: number): string;
  /** `rd_kafka_conf_new` + `rd_kafka_conf_set` per entry + `rd_kafka_new(RD_KAFKA_PRODUCER)`. */
  newProducer(conf: Record<string, string>): RdKafkaHandle;
  destroy(rk: RdKafkaHandle): void;
  /** Brokers are numbered 1..brokers; their loopback ports are chosen by the kernel. */
  mockClusterNew(rk: RdKafkaHandle, brokers: number): RdKafkaHandle;
  /** `host:port,host:port,...` of every mock broker. */
  mockClusterBootstraps(mc: RdKafkaHandle): string;
  /** Runs on a worker thread: the call occasionally blocks about 1 s (a missed wake-up in the mock). */
  mockTopicCreate(mc: RdKafkaHandle, topic: string, partitions: number, replication: number): Promise<number>;
  /** Disconnects the broker and refuses new connections (no leader change). -1 means every broker. */
  mockBrokerSetDown(mc: RdKafkaHandle, brokerId: number): number;
  mockBrokerSetUp(mc: RdKafkaHandle, brokerId: number): number;
  mockClusterDestroy(mc: RdKafkaHandle): void;
}

/** librdkafka cannot be loaded: the machine lacks the shared library. */
export class LibRdKafkaUnavailableError extends Error {
  readonly code = 'LIBRDKAFKA_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`librdkafka.so.1 could not be loaded (install Debian package librdkafka1): ${(cause as Error).message}`, { cause });
    this.name = 'LibRdKafkaUnavailableError';
  }
}

/** A librdkafka call reported a failure. */
export class LibRdKafkaCallError extends Error {
  readonly code = 'LIBRDKAFKA_CALL_FAILED';
  constructor(
    readonly call: string,
    detail: string,
  ) {
    super(`${call} failed: ${detail}`);
    this.name = 'LibRdKafkaCallError';
  }
}

const RD_KAFKA_PRODUCER = 0;
const RD_KAFKA_CONF_OK = 0;
const ERRSTR_SIZE = 512;

let loaded: LibRdKafka | undefined;

/**
 * The bound library, loaded on first use so importing @fsmon/ffi never needs librdkafka.
 * @throws LibRdKafkaUnavailableError when `librdkafka.so.1` is missing.
 */
export function loadLibRdKafka(): LibRdKafka {
  loaded ??= bind();
  return loaded;
}

function bind(): LibRdKafka {
  let lib: Koffi.LibraryHandle;
  try {
    lib = koffi.load('librdkafka.so.1');
  } catch (e) {
    throw new LibRdKafkaUnavailableError(e);
  }
  // Every handle is `void *`: named koffi types are process-global, so a module evaluated twice
  // (jest does that) would fail with "Duplicate type name".
  const confNew = lib.func('void *rd_kafka_conf_new()');
  const confSet = lib.func('int rd_kafka_conf_set(void *conf, const char *name, const char *value, void *errstr, size_t size)');
  const confDestroy = lib.func('void rd_kafka_conf_destroy(void *conf)');
  const kafkaNew = lib.func('void *rd_kafka_new(int type, void *conf, void *errstr, size_t size)');
  const kafkaDestroy = lib.func('void rd_kafka_destroy(void *rk)');
  const clusterNew = lib.func('void *rd_kafka_mock_cluster_new(void *rk, int broker_cnt)');
  const bootstraps = lib.func('const char *rd_kafka_mock_cluster_bootstraps(void *mc)');
  const topicCreate = lib.func('int rd_kafka_mock_topic_create(void *mc, const char *topic, int partitions, int replication)');
  const setDown = lib.func('int rd_kafka_mock_broker_set_down(void *mc, int32_t broker_id)');
  const setUp = lib.func('int rd_kafka_mock_broker_set_up(void *mc, int32_t broker_id)');
  const clusterDestroy = lib.func('void rd_kafka_mock_cluster_destroy(void *mc)');
  const err2name = lib.func('const char *rd_kafka_err2name(int err)');

  return {
    errorName: (code) => err2name(code) as string,
    newProducer(conf) {
      const errstr = Buffer.alloc(ERRSTR_SIZE);
      const handle: unknown = confNew();
      for (const [name, value] of Object.entries(conf)) {
        if (confSet(handle, name, value, errstr, ERRSTR_SIZE) !== RD_KAFKA_CONF_OK) {
          confDestroy(handle);
          throw new LibRdKafkaCallError('rd_kafka_conf_set', `${name}=${value}: ${cString(errstr)}`);
        }
      }
      const rk: unknown = kafkaNew(RD_KAFKA_PRODUCER, handle, errstr, ERRSTR_SIZE);
      if (rk === null) {
        confDestroy(handle);
        throw new LibRdKafkaCallError('rd_kafka_new', cString(errstr));
      }
      return rk;
    },
    destroy: (rk) => kafkaDestroy(rk),
    mockClusterNew(rk, brokers) {
      const mc: unknown = clusterNew(rk, brokers);
      if (mc === null) throw new LibRdKafkaCallError('rd_kafka_mock_cluster_new', `${brokers} brokers (see librdkafka log)`);
      return mc;
    },
    mockClusterBootstraps: (mc) => bootstraps(mc) as string,
    mockTopicCreate: (mc, topic, partitions, replication) =>
      new Promise((resolve, reject) => {
        topicCreate.async(mc, topic, partitions, replication, (err: unknown, code: number) =>
          err ? reject(err as Error) : resolve(code),
        );
      }),
    mockBrokerSetDown: (mc, brokerId) => setDown(mc, brokerId) as number,
    mockBrokerSetUp: (mc, brokerId) => setUp(mc, brokerId) as number,
    mockClusterDestroy: (mc) => clusterDestroy(mc),
  };
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString('utf8', 0, end < 0 ? buf.length : end);
}
