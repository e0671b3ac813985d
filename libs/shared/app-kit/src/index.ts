export * from './app-kit.module';
export * from './app-kit.di-tokens';
export * from './health-contributor';
export * from './bootstrap';
