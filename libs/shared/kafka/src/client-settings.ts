import type { Kafka, KafkaConfig } from 'kafkajs';

/** What the adapters need to know of the client they were given (set by createKafka). */
export interface ClientSettings {
  requestTimeoutMs: number;
  /** The kafkajs configuration the client was made with (to make a sibling client). */
  config?: KafkaConfig;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const settings = new WeakMap<Kafka, ClientSettings>();

export function rememberSettings(kafka: Kafka, s: ClientSettings): void {
  settings.set(kafka, s);
}

/** The client's settings; kafkajs clients not made by createKafka get fsmon's defaults. */
export function settingsOf(kafka: Kafka): ClientSettings {
  return settings.get(kafka) ?? { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS };
}
