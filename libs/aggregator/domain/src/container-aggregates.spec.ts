import { toFileMessages } from './file-message';
import { Aggregate } from './aggregate';
import { ContainerAggregates } from './container-aggregates';
import { ContainerKeys, containerKey, programId } from './report-key';
import { Driver, HOST, DB, WEB, proc } from '../test/aggregator.fixtures';

/** A bare aggregate of WEB, created from a message of the driver's first event. */
function aggregate(owns: Aggregate['owns'], program: Aggregate['program'] = null): Aggregate {
  const { event } = new Driver().event({ t: 0 });
  const agg = new Aggregate('process', 'identity', toFileMessages(event, HOST)[0], 1000);
  agg.owns = owns;
  agg.program = program;
  return agg;
}

describe('ContainerAggregates', () => {
  it('keeps the first owner of a (path, msg) while it lives; other msgs of the path have their own', () => {
    const c = new ContainerAggregates();
    const modified = { path: '/etc/a', msg: 'modified' };
    const first = aggregate(modified);
    const second = aggregate(modified);
    const deleted = aggregate({ path: '/etc/a', msg: 'deleted' });
    c.claim(first, modified);
    c.claim(second, modified);
    c.claim(deleted, { path: '/etc/a', msg: 'deleted' });
    expect(c.owner('/etc/a', 'modified')).toBe(first);
    expect(c.owner('/etc/a', 'deleted')).toBe(deleted);
    expect(c.owner('/etc/b', 'modified')).toBeUndefined();
    c.release(second, modified); // not the owner: nothing changes
    expect(c.owner('/etc/a', 'modified')).toBe(first);
    c.release(first, modified);
    expect(c.owner('/etc/a', 'modified')).toBeUndefined();
    expect(c.owner('/etc/a', 'deleted')).toBe(deleted);
  });

  it('keeps one aggregate per program, group and action; the latest set wins', () => {
    const c = new ContainerAggregates();
    const nginx = { id: '/usr/sbin/nginx', group: 'g1', action: 'violate' };
    const g2 = { ...nginx, group: 'g2' };
    const deny = { ...nginx, action: 'deny' };
    const a = aggregate(null, nginx);
    const b = aggregate(null, nginx);
    const otherGroup = aggregate(null, g2);
    const denied = aggregate(null, deny);
    for (const [agg, program] of [[a, nginx], [otherGroup, g2], [denied, deny], [b, nginx]] as const) c.setProgram(agg, program);
    expect(c.program('/usr/sbin/nginx', 'g1', 'violate')).toBe(b);
    expect(c.program('/usr/sbin/nginx', 'g2', 'violate')).toBe(otherGroup);
    expect(c.program('/usr/sbin/nginx', 'g1', 'deny')).toBe(denied);
    c.dropProgram(a, nginx); // replaced already: nothing changes
    expect(c.program('/usr/sbin/nginx', 'g1', 'violate')).toBe(b);
    c.dropProgram(b, nginx);
    expect(c.program('/usr/sbin/nginx', 'g1', 'violate')).toBeUndefined();
    expect(c.program('/usr/sbin/nginx', 'g2', 'violate')).toBe(otherGroup);
  });
});

describe('programId', () => {
  it('is the executable path, or pid and start time behind a NUL for a process without one', () => {
    expect(programId(proc('nginx', 10, { path: '/usr/sbin/nginx' }))).toBe('/usr/sbin/nginx');
    expect(programId(proc('x', 10, { path: '', startTime: 77 }))).toBe('\u000010:77');
    expect(programId(proc('x', 10, { path: '', startTime: 78 }))).not.toBe(programId(proc('x', 10, { path: '', startTime: 77 })));
  });
});

describe('ContainerKeys', () => {
  it('gives containerKey, the same string while host and container stay', () => {
    const keys = new ContainerKeys();
    const web = keys.of(HOST, WEB);
    expect(web).toBe(containerKey(HOST, WEB));
    expect(keys.of(HOST, { ...WEB })).toBe(web);
    expect(keys.of(HOST, DB)).toBe(containerKey(HOST, DB));
    expect(keys.of(HOST, null)).toBe(containerKey(HOST, null));
    expect(keys.of({ id: 'host-2', name: 'node-2' }, null)).toBe(containerKey({ id: 'host-2', name: 'node-2' }, null));
    expect(keys.of(HOST, WEB)).toBe(containerKey(HOST, WEB));
  });
});

describe('processes without an executable path', () => {
  it('merge by pid and start time: one process on two paths is one window, another process its own', () => {
    const d = new Driver();
    const a = proc('worker', 500, { path: '', startTime: 1 });
    const b = proc('worker', 501, { path: '', startTime: 1 });
    expect(d.send({ t: 0, path: '/srv/x', procs: [a] })).toHaveLength(1);
    expect(d.send({ t: 1, path: '/srv/y', procs: [a] })).toHaveLength(0);
    expect(d.send({ t: 2, path: '/srv/z', procs: [b] })).toHaveLength(1);
  });
});
