import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyFileError } from './policy.errors';
import { group } from '../../test/policy/policy.fixtures';
import { loadPolicyFile } from './policy-file.loader';

describe(loadPolicyFile.name, () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'policy-file-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('returns the validated groups, defaults filled in', () => {
    const raw = group('g', { revision: 7, selector: { ids: ['x'] } }) as Record<string, unknown>;
    delete raw.deleted;
    const [g] = loadPolicyFile(write('ok.json', JSON.stringify([raw])));
    expect(g).toMatchObject({ name: 'g', revision: 7, deleted: false });
  });

  it.each([
    ['missing', null, /cannot read/],
    ['not JSON', '{', /not JSON/],
    ['not an array', '{}', /\(root\): Invalid input: expected array/],
    ['schema', JSON.stringify([{ ...group('g', { revision: -1 }) }]), /0\.revision: Too small/],
    ['duplicate', JSON.stringify([group('g', { revision: 1 }), group('g', { revision: 2 })]), /\[1\]: group "g" appears more than once/],
    ['inconsistent', JSON.stringify([{ ...group('g', { revision: 1 }), name: 'h' }]), /\[0\]: profile.group "g" is not the group name "h"/],
  ])('refuses a %s file with a PolicyFileError naming the problem', (name, content, message) => {
    const path = content === null ? join(dir, 'absent.json') : write(`${name}.json`, content);
    let error: unknown;
    try {
      loadPolicyFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyFileError);
    expect((error as PolicyFileError).code).toBe('POLICY_FILE_INVALID');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(message);
  });
});
