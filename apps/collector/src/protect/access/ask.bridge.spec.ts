import type { PermissionAsk } from '@fsmon/fs-events';
import type { DecisionRequest } from '../protect.ports';
import { AskBridge } from './ask.bridge';

const ask = (rule: string, path = '/r/data/x'): PermissionAsk => ({ pid: 5, mask: 0x10000, path, exe: '/r/bin/cat', comm: 'cat', mntns: '1', rule });
const fail = () => 'deny' as const;

function setup(decide: (r: DecisionRequest) => 'allow' | 'deny' | Promise<'allow' | 'deny'>, suspended = false) {
  const requests: DecisionRequest[] = [];
  const sut = new AskBridge({ decide: (r) => (requests.push(r), decide(r)) }, (key) => (key === 'w1' ? '/r' : undefined), () => suspended);
  return { sut, requests };
}

describe(AskBridge.name, () => {
  it("passes the hook's answer, with the path inside the workload", async () => {
    const { sut, requests } = setup(() => 'allow');
    await expect(sut.ask(ask('w1\t/data/.*'), fail)).resolves.toBe('allow');
    expect(requests).toEqual([{ workload: 'w1', filterKey: '/data/.*', path: '/data/x', pid: 5, exe: '/r/bin/cat', comm: 'cat' }]);
  });

  it.each([
    ['throws', () => { throw new Error('x'); }],
    ['rejects', () => Promise.reject(new Error('x'))],
    ['answers nonsense', () => 'maybe' as unknown as 'allow'],
  ])('uses the fail verdict when the hook %s', async (_, decide) => {
    const { sut } = setup(decide);
    await expect(sut.ask(ask('w1\t/data/.*'), fail)).resolves.toBe('deny');
  });

  it('uses the fail verdict for a rule of no known workload, without asking', () => {
    const { sut, requests } = setup(() => 'allow');
    expect(sut.ask(ask('gone\t/data/.*'), fail)).toBe('deny');
    expect(requests).toEqual([]);
  });

  it('allows at once while suspended', () => {
    const { sut, requests } = setup(() => 'deny', true);
    expect(sut.ask(ask('w1\t/data/.*'), fail)).toBe('allow');
    expect(requests).toEqual([]);
  });

  it('releases every ask in progress', async () => {
    const { sut } = setup(() => new Promise(() => undefined));
    const pending = [sut.ask(ask('w1\t/data/.*'), fail), sut.ask(ask('w1\t/data/.*'), fail)];
    expect(sut.releaseAll('allow')).toBe(2);
    await expect(Promise.all(pending)).resolves.toEqual(['allow', 'allow']);
    expect(sut.releaseAll('allow')).toBe(0);
    expect(sut.released).toBe(2);
  });
});
