export * from './protect.di-tokens';
export * from './protect.env';
export * from './protect.ports';
export * from './protect.types';
export * from './protect.status';
export * from './protect.service';
export type { OpenTrackingListener } from './protection.applier';
export * from './protect.module';
