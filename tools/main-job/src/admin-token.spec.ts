import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTokens } from './admin-token';

describe(adminTokens.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'fsmon-token-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the tokens to POLICY_ADMIN_TOKENS when it is set, writing nothing', () => {
    expect(adminTokens(dir, { POLICY_ADMIN_TOKENS: 'x'.repeat(40) })).toEqual({ source: 'env' });
    expect(() => statSync(path.join(dir, 'admin-token'))).toThrow();
  });

  it('writes a new random token readable by its owner only, and reuses it on the next start', () => {
    const first = adminTokens(path.join(dir, 'data'), {});
    if (first.source !== 'file') throw new Error('expected a token file');
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file, 'utf8')).toBe(`${first.token}\n`);
    chmodSync(first.file, 0o644);
    const second = adminTokens(path.join(dir, 'data'), { POLICY_ADMIN_TOKENS: ' ' });
    expect(second).toEqual({ ...first, created: false });
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });

  it('replaces a file that holds no valid token (too short for the policy app)', () => {
    writeFileSync(path.join(dir, 'admin-token'), 'short\n');
    const t = adminTokens(dir, {});
    expect(t.source === 'file' && t.created).toBe(true);
  });
});
