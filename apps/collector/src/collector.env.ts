import { commonAppEnv, envBool, envInt, validateEnv } from '@fsmon/config';
import { CONTENT_HASH } from '@fsmon/collector-domain';
import { hostname } from 'node:os';
import { z } from 'zod';
import { PolicyEnv } from './policy/policy.env';
import { ProtectEnv } from './protect/protect.env';
import { DeliveryEnv } from './publish/delivery.env';

const absolutePath = z.string().regex(/^\/.*[^/]$/, 'absolute path without trailing slash');
const rootPath = z.string().regex(/^\/(.*[^/])?$/, 'absolute path without trailing slash');
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(256)).max(1024));

/**
 * The collector's variables. Durations are milliseconds. Defaults are what a real node runs: the
 * host and every container watched, the seed's 4 s coalescing window and 60 s runtime-file grace.
 * The policy intake's, the delivery's and the protect module's variables are spread in (see
 * PolicyEnv, DeliveryEnv, ProtectEnv).
 */
export const CollectorEnv = z.object({
  ...commonAppEnv(3001),
  ...PolicyEnv,
  ...DeliveryEnv,
  ...ProtectEnv,
  /** This node's identity in every event and status message. */
  NODE_NAME: z.string().min(1).max(253).default(hostname()),
  /** Prefix of raw-event ids (`<id>:<seq>`) and the status key; default NODE_NAME. */
  COLLECTOR_ID: z.string().min(1).max(200).optional(),
  /** Where the host's /proc is mounted (a containerised collector mounts the host's at /host/proc). */
  PROC_DIR: absolutePath.default('/proc'),
  /** The host's root as this process reaches it ('/' when the collector runs in the host's mount namespace). */
  HOST_ROOT: rootPath.default('/'),
  /** Where the runtimes' state lives (docker, containerd, cri-o, podman files are read below it). */
  RUNTIME_STATE_ROOT: rootPath.default('/'),
  /** Watch the host itself as group `nodes`. */
  WATCH_HOST: envBool.default(true),
  /** Watch containers found in /proc. */
  WATCH_CONTAINERS: envBool.default(true),
  /** Only these containers (ids or root pids, comma-separated); empty = all. */
  WATCH_ONLY_CONTAINERS: list.default([]),
  /** How often /proc is scanned for new and gone containers. */
  DISCOVERY_INTERVAL_MS: envInt(100, 60_000).default(2000),
  /** The coalescing window: events are merged per path, then classified, this often. */
  COALESCE_WINDOW_MS: envInt(10, 60_000).default(4000),
  /** Most distinct paths one window holds; more become a gap event and a rescan. */
  COALESCE_MAX_PATHS: envInt(1, 10_000_000).default(100_000),
  /** Files larger than this are not hashed (write bits alone tell Modified from Accessed). */
  HASH_MAX_BYTES: envInt(0, 2 ** 40).default(CONTENT_HASH.defaultMaxBytes),
  /** Files hashed at once (baselines, classification, rescans); 16 keeps Node's 4 pool threads busy (each file is 4 round trips). */
  HASH_CONCURRENCY: envInt(1, 256).default(16),
  /** Processes whose attribution is cached, by (pid, start time). */
  PROC_CACHE_SIZE: envInt(16, 1_000_000).default(4096),
  /** Events on /etc/hosts, /etc/hostname, /etc/resolv.conf are not reported this long after a watch starts. */
  RUNTIME_FILE_GRACE_MS: envInt(0, 3600_000).default(60_000),
  /** fanotify reporting: 'auto' = FID (directory handle + name), fd mode if the kernel refuses. */
  FANOTIFY_REPORT: z.enum(['auto', 'fid', 'fd']).default('auto'),
  /** No kernel queue limit (FAN_UNLIMITED_QUEUE): bursts wait in kernel memory instead of overflowing into a gap and a rescan. */
  FANOTIFY_UNLIMITED_QUEUE: envBool.default(false),
  /** Also report reads that passed the allow check in Monitor/Protect (the seed does not). */
  REPORT_ALLOWED_READS: envBool.default(false),
  /** Directories one container may have watched; past it the walk stops (counted, logged). */
  WATCH_MAX_DIRS: envInt(1, 10_000_000).default(50_000),
  /** A kernel reader that stopped is reopened up to this many times (backoff doubling from READER_RETRY_INITIAL_MS). */
  READER_RETRY_ATTEMPTS: envInt(1, 1000).default(6),
  /** First pause before reopening a stopped kernel reader. */
  READER_RETRY_INITIAL_MS: envInt(1, 600_000).default(200),
  /** Longest pause between reopen attempts. */
  READER_RETRY_MAX_MS: envInt(1, 3600_000).default(10_000),
});
export type CollectorEnv = z.infer<typeof CollectorEnv>;

export const loadCollectorEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('collector', CollectorEnv, env);
