import 'reflect-metadata';
import { startApp } from '@fsmon/app-kit';
import { PolicyAppModule } from './app.module';
import { OpenApiDocs } from './docs/openapi.docs';
import { loadPolicyConfig } from './policy.config';

async function main(): Promise<void> {
  const app = await startApp(loadPolicyConfig, (config) => ({ module: PolicyAppModule.forRoot(config), listen: config.http }));
  // The document is built from the running app's routes; startApp has no hook before listen.
  app?.get(OpenApiDocs).attach(app);
}

main().catch((e: unknown) => {
  process.stderr.write(`policy: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
