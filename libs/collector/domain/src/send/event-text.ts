import { FileEvents, type FileEventKind } from '@fsmon/contracts';

/**
 * The report text of a classified event (MonitorMessage.msg): the kind's text, or
 * "File access was denied." when the process was actually blocked (seed `ProcInfo.Deny`).
 */
export function eventText(kind: FileEventKind, blocked: boolean): string {
  return blocked ? FileEvents.Denied.msg : FileEvents[kind].msg;
}

/** The report action: `deny` when the process was blocked, else `violate`. */
export function reportAction(blocked: boolean): 'deny' | 'violate' {
  return blocked ? 'deny' : 'violate';
}
