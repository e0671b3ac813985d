import type { PERMISSION_COUNTERS, PERMISSION_REASONS } from '@fsmon/ffi';
import type { PermissionRule, Verdict } from './permission-table';

/** Why a verdict was given (see README: permission reasons). */
export type PermissionReason = (typeof PERMISSION_REASONS)[number];

/** An event a rule says to 'ask' about: `onAsk` has `deadlineMs` to answer. */
export interface PermissionAsk {
  readonly pid: number;
  readonly mask: number;
  readonly path: string;
  readonly exe: string | null;
  readonly comm: string | null;
  /** Mount namespace inode as a decimal string, null if unreadable. */
  readonly mntns: string | null;
  /** The rule's id. */
  readonly rule: string;
}

/** One answered permission event, delivered in batches after the fact. */
export interface PermissionReport {
  /** Epoch milliseconds of the answer. */
  readonly time: number;
  readonly pid: number;
  readonly mask: number;
  /** Null when it was not read or could not be. */
  readonly path: string | null;
  readonly exe: string | null;
  readonly comm: string | null;
  /** Mount namespace inode, null when not looked up. */
  readonly mntns: number | null;
  /** Effective uid while the process waited for the answer; null when the process was not looked up or its status was unreadable. */
  readonly euid: number | null;
  readonly verdict: Verdict;
  readonly reason: PermissionReason;
  /** Id of the rule that applied, null for none. */
  readonly rule: string | null;
}

export interface PermissionResponderOptions {
  readonly rules?: readonly PermissionRule[];
  /** Verdict when nothing better is known (path unreadable, decision error; rules' default fail). Default 'allow' (fail-open, as the seed). */
  readonly defaultVerdict?: Verdict;
  /** Verdict for events still queued or asked when the responder closes. Default 'allow'. */
  readonly shutdownVerdict?: Verdict;
  /** How long an 'ask' may take before the rule's fail verdict is used (default 250 ms). */
  readonly deadlineMs?: number;
  /** Decides 'ask' rules on the main thread. Missing, throwing, rejecting or late → fail verdict (counted). */
  readonly onAsk?: (ask: PermissionAsk) => Verdict | Promise<Verdict>;
  /** Receives answered events in batches (never on the answering path). */
  readonly onReport?: (reports: PermissionReport[]) => void;
  /**
   * 'decided' (default): events that matched a rule or got a fail verdict; 'unallowed': the same
   * without those a rule allowed outright ('allow-all', 'app-allowed'; neither their name nor their
   * euid is read then); 'all': every event (reads every path).
   */
  readonly report?: 'decided' | 'unallowed' | 'all';
  /** How often reports are collected (default 50 ms). */
  readonly reportIntervalMs?: number;
  /** Report ring size in bytes, a power of two (default 1 MiB); a full ring drops reports, counted. */
  readonly reportRingBytes?: number;
  /** Bound on `close()` waiting for the worker (default 2000 ms). */
  readonly closeTimeoutMs?: number;
  readonly unlimitedMarks?: boolean;
  /** The worker stopped on its own (it then closed the group: the kernel allows what is pending). */
  readonly onError?: (error: Error) => void;
}

/** Worker counters plus what the main thread counts. */
export type PermissionCounters = Record<(typeof PERMISSION_COUNTERS)[number], number> & {
  /** onAsk answered after the deadline (the fail verdict had been used). */
  lateAnswers: number;
  /** onAsk threw, rejected or returned something else than 'allow'/'deny'. */
  askCallbackErrors: number;
  reportBatches: number;
  reportCallbackErrors: number;
};
