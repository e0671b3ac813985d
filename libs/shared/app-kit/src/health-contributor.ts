/**
 * Anything an app's /health depends on (a Kafka client, Redis, the kernel watcher) implements this;
 * the app lists its contributors once in AppKitModule.forRoot.
 */
export interface HealthContributor {
  readonly healthName: string;
  /** Must resolve quickly (it runs on every /health call) and never throw. */
  health(): Promise<HealthReport> | HealthReport;
}

export interface HealthReport {
  up: boolean;
  details?: Record<string, unknown>;
}
