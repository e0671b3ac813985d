import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@fsmon/config';
import { Logger } from 'nestjs-pino';

export type EntryModule = Parameters<typeof NestFactory.create>[0];

export interface AppPlan {
  module: EntryModule;
  listen: { host: string; port: number };
}

/** sysexits.h EX_CONFIG: supervisors can tell "fix your configuration" from a crash. */
export const EXIT_CONFIG = 78;

/**
 * Boots an fsmon app: config is validated once, before anything starts (a ConfigError lists every
 * bad variable and exits with EX_CONFIG); pino becomes the Nest logger; shutdown hooks make
 * SIGINT/SIGTERM close Kafka, Redis and kernel fds through onModuleDestroy.
 */
export async function startApp<C>(loadConfig: () => C, plan: (config: C) => AppPlan): Promise<INestApplication | undefined> {
  let config: C;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = EXIT_CONFIG;
    return undefined;
  }
  const { module, listen } = plan(config);
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(listen.port, listen.host);
  return app;
}
