import { z } from 'zod';
import { shortText } from './common.schema';

/**
 * The process that caused a file event (seed `ProcInfo`). `path` is the executable path without a
 * trailing " (deleted)": it is the identity used for allow checks and learning. `startTime` (clock
 * ticks since boot, from /proc/<pid>/stat) tells two processes with the same reused pid apart.
 */
export const ProcInfo = z.object({
  rootPid: z.number().int().nonnegative(),
  name: shortText,
  path: z.string().max(4096),
  cmds: z.array(z.string().max(4096)).max(256),
  pid: z.number().int().nonnegative(),
  startTime: z.number().int().nonnegative().optional(),
  euid: z.number().int(),
  euser: shortText,
  ppid: z.number().int().nonnegative(),
  pname: shortText,
  ppath: z.string().max(4096),
  deny: z.boolean().default(false),
  inProfile: z.boolean().default(false),
});
export type ProcInfo = z.infer<typeof ProcInfo>;

