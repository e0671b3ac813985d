// @fsmon/fs-events: the kernel ↔ TypeScript boundary of the collector (fanotify and inotify).
// See README.md for kernel requirements, limits and the design.
export { probeCapabilities, type KernelCapabilities } from './capabilities.probe';
export { FanotifySource, type FanotifySourceOptions, type FanotifySourceCounters } from './fanotify.source';
export type { FanotifyEvent, FanotifyFileEvent, FanotifyOverflowEvent, FanotifyLocation } from './fanotify.event';
export type { ReportMode } from './fanotify-group';
export type { DirRef, DirCacheOptions } from './dir-handle.cache';
export { fileHandleOf, type FileHandle } from './file-handle';
export { NamesStat, type NameStat } from './names-stat';
export type { MarkSpec, MarkTarget } from './mark-spec';
export { InotifySource, type InotifySourceOptions, type InotifySourceCounters, type WatchOptions } from './inotify.source';
export type { InotifyEvent, InotifyFileEvent, InotifyOverflowEvent } from './inotify.event';
export { PermissionResponder } from './permission.responder';
export type { PermissionRule, Verdict } from './permission-table';
export type { PermissionAsk, PermissionCounters, PermissionReason, PermissionReport, PermissionResponderOptions } from './permission.types';
export type { BatchHandler } from './batch-stream';
export type { ReaderCounters } from './fd-reader';
export { FsEventsError, type FsEventsErrorCode } from './fs-events.error';
export { FAN, IN } from './event-bits';
