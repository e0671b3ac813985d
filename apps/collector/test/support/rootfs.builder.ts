// The container rootfs the collector's tests use is the shared one (also used by the pipeline tests).
export { buildRootfs, type RootfsOptions } from '@fsmon/testing';
