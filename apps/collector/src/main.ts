import 'reflect-metadata';
import { startApp } from '@fsmon/app-kit';
import { AppModule } from './app.module';
import { loadCollectorSettings } from './collector.config';

void startApp(loadCollectorSettings, (settings) => ({ module: AppModule.forRoot(settings), listen: settings.http }));
