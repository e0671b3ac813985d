import type { Kafka } from 'kafkajs';

/** The part of kafkajs's (untyped, internal) Cluster this workaround touches. */
interface ClusterInternals {
  findControllerBroker(): Promise<unknown>;
  findBroker(args: { nodeId: string }): Promise<unknown>;
  getNodeIds(): string[];
}

type CreateCluster = (options: unknown) => ClusterInternals;

const CREATE_CLUSTER = 'private:Kafka:createCluster';

/**
 * THE one place fsmon handles the mock broker's controller quirk.
 *
 * librdkafka's mock cluster reports controller id 0 while its brokers are numbered from 1. kafkajs
 * sends to the controller not only the admin topic calls but also the idempotent producer's
 * InitProducerId (producer/eosManager: `cluster.findControllerBroker()` when not transactional),
 * so `connect()` fails with "Broker 0 not found in the cached metadata".
 *
 * When the controller id is not in the metadata, any broker is used instead. That is harmless on
 * real Kafka: a non-transactional InitProducerId may go to any broker, and an admin call that needs
 * the controller gets NOT_CONTROLLER, which kafkajs retries after refreshing metadata.
 *
 * kafkajs creates one Cluster per producer/consumer/admin through a symbol-keyed factory on the
 * client; this wraps that factory on one client instance. kafkajs is pinned (2.2.4): if the factory
 * is not found, this throws at startup rather than failing later at connect.
 */
export function withControllerFallback(kafka: Kafka): Kafka {
  const owner = kafka as unknown as Record<symbol, CreateCluster>;
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  if (key === undefined || typeof owner[key] !== 'function') {
    throw new Error(`kafkajs internals changed (no ${CREATE_CLUSTER}): review libs/shared/kafka/src/controller-fallback.ts`);
  }
  const createCluster = owner[key];
  owner[key] = (options) => patchCluster(createCluster(options));
  return kafka;
}

function patchCluster(cluster: ClusterInternals): ClusterInternals {
  const findController = cluster.findControllerBroker.bind(cluster);
  cluster.findControllerBroker = async () => {
    try {
      return await findController();
    } catch (e) {
      if ((e as Error).name !== 'KafkaJSBrokerNotFound') throw e;
      for (const nodeId of cluster.getNodeIds()) {
        try {
          return await cluster.findBroker({ nodeId });
        } catch {
          // try the next broker; the original error is rethrown when none connects
        }
      }
      throw e;
    }
  };
  return cluster;
}
