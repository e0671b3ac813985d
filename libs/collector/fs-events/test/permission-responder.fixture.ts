// The setup the permission specs share: each test gets a fresh temporary directory with some files,
// may open one PermissionResponder marked on it, and leaves with both gone (after each test).
import path from 'node:path';
import { type TmpDir, makeTmpDir, runProcess } from '@fsmon/testing';
import { FAN, type PermissionReport, PermissionResponder, type PermissionResponderOptions } from '../src';

export interface PermissionFixture {
  /** This test's directory (a new one for each test), holding `<name>` with the text `<name>\n` for each file named. */
  readonly dir: TmpDir;
  /** What the responder of this test reported so far, in order (emptied by `open`). */
  readonly reports: PermissionReport[];
  /**
   * Opens the test's responder with `options` (reports every 10 ms into `reports`), marks `dir` for
   * OPEN_PERM on itself and its children, and resolves once the worker reads. Closed after the test.
   */
  open(options: PermissionResponderOptions): Promise<PermissionResponder>;
  /** Runs `cmd <dir>/<name>` as a child process (bounded: 10 s). */
  read(cmd: string, name: string): Promise<{ code: number | string; stderr: string }>;
}

/** Registers the per-test hooks (call it inside `describe`); `prefix` names the temporary directories. */
export function permissionFixture(prefix: string, files: readonly string[]): PermissionFixture {
  let dir: TmpDir | null = null;
  let responder: PermissionResponder | null = null;
  const reports: PermissionReport[] = [];
  const fixture: PermissionFixture = {
    get dir(): TmpDir {
      if (!dir) throw new Error('permissionFixture: the directory exists only while a test runs');
      return dir;
    },
    reports,
    async open(options) {
      reports.length = 0;
      responder = PermissionResponder.open({ ...options, onReport: (batch) => reports.push(...batch), reportIntervalMs: 10 });
      responder.mark({ path: fixture.dir.path, mask: FAN.OPEN_PERM, onChild: true });
      await responder.ready();
      return responder;
    },
    read: (cmd, name) => runProcess(cmd, [path.join(fixture.dir.path, name)], 10_000),
  };

  beforeEach(() => {
    dir = makeTmpDir(prefix);
    for (const name of files) dir.file(name, `${name}\n`);
  });
  afterEach(async () => {
    // close() is idempotent: a test may have closed its responder already.
    await responder?.close();
    responder = null;
    dir?.remove();
    dir = null;
  });
  return fixture;
}
