import { startApp } from '@fsmon/app-kit';
import { loadAggregatorSettings } from './aggregator.env';
import { AppModule } from './app.module';

startApp(loadAggregatorSettings, (settings) => ({ module: AppModule.forRoot(settings), listen: settings.http })).catch((e: unknown) => {
  process.stderr.write(`aggregator: failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
