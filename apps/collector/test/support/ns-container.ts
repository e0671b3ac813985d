// Namespace containers for the collector's tests: the shared helper (also used by the pipeline tests).
export { NsContainer, newContainerId, type NsContainerOptions } from '@fsmon/testing';
