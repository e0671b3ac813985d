import { commonAppEnv, validateEnv } from '@fsmon/config';
import { hostname } from 'node:os';
import { z } from 'zod';

export const CollectorEnv = z.object({
  ...commonAppEnv(3001),
  /** This node's identity in every event and status message. */
  NODE_NAME: z.string().min(1).max(253).default(hostname()),
  /** Where the host's /proc is mounted (a containerised collector mounts the host's at /host/proc). */
  PROC_DIR: z.string().regex(/^\/.*[^/]$/, 'absolute path without trailing slash').default('/proc'),
});
export type CollectorEnv = z.infer<typeof CollectorEnv>;

export const loadCollectorEnv = (env: Record<string, string | undefined> = process.env) => validateEnv('collector', CollectorEnv, env);
