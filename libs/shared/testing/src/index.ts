// Helpers for *.spec.ts and test/*.int-spec.ts only (lint forbids them in production code).
export * from './kafka.testing';
export * from './redis.testing';
export * from './fs.testing';
export * from './rootfs.testing';
export * from './ns-container.testing';
export * from './net.testing';
export * from './contracts.testing';
export * from './logger.testing';
