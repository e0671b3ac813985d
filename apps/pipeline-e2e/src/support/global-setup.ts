import { BUILD_ENV, buildApps } from './app.build';

/** Compiles the apps once for every spec of the run (workers inherit the variable). */
export default async function globalSetup(): Promise<void> {
  const build = await buildApps();
  process.env[BUILD_ENV] = build.root;
}
