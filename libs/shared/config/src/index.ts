export * from './validate-env';
export * from './env-types';
export * from './common-env';
export * from './app-node-flags';
