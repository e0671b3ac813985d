import { encodeFormTwo, RawEventBatch, type ContainerIdentity, type FileRawEvent, type ProcInfo } from '@fsmon/contracts';

/** Pre-encoded raw-event messages, as collectors would send them. */
export interface Workload {
  name: string;
  /** The batches' wire form: 2 is what collectors write (RawEventBatchWriter), 1 the older one. */
  form: RawForm;
  messages: { key: string; value: Buffer }[];
  events: number;
  bytes: number;
}

const HOST = { id: 'bench-host', name: 'bench-node' };
const T0 = Date.parse('2025-06-01T08:00:00.000Z');
const PROGRAMS = ['nginx', 'php-fpm', 'python3', 'bash', 'java', 'node', 'cp', 'sed'];
const TEXTS: [FileRawEvent['kind'], string][] = [
  ['Modified', 'File was modified.'],
  ['Create', 'File created in watched directory.'],
  ['Removed', 'File deleted from watched directory.'],
  ['Attr', 'File attribute is changed.'],
];

function proc(name: string, pid: number): ProcInfo {
  return {
    rootPid: 4000,
    name,
    path: `/usr/bin/${name}`,
    cmds: [name, '--config', `/etc/${name}/${name}.conf`],
    pid,
    startTime: 900_000 + pid,
    euid: 33,
    euser: 'www-data',
    ppid: 1,
    pname: 'containerd-shim-runc-v2',
    ppath: '/usr/bin/containerd-shim-runc-v2',
    deny: false,
    inProfile: false,
  };
}

function container(i: number): ContainerIdentity {
  return { id: `${(0x9a3f00 + i).toString(16)}e1c0ffee${i.toString(16).padStart(4, '0')}`, name: `shop-${i}`, image: 'registry.local/shop/web:2.14.1', labels: { app: 'shop', tier: 'web' } };
}

function event(n: number, c: ContainerIdentity | null, path: string, procs: ProcInfo[], atMs: number, denied = false): FileRawEvent {
  const [kind, msg] = TEXTS[n % TEXTS.length];
  return {
    type: 'file',
    id: `bench-collector:${n}`,
    at: new Date(atMs).toISOString(),
    source: procs.length > 0 ? 'fanotify' : 'inotify',
    container: c,
    rootPid: 4000,
    path,
    kind,
    msg,
    mask: 2,
    filterKey: '/var/www/.*',
    group: c === null ? 'nodes' : `nv.${c.name}.default`,
    protect: false,
    userAdded: false,
    decision: denied ? 'denied' : 'none',
    package: false,
    procs,
    stat: { exists: true, isDir: false, isSymlink: false, hash: (n * 2654435761).toString(16).padStart(16, '0').slice(-16) },
  };
}

export type RawForm = 1 | 2;

/**
 * The wire form the benches send: FSMON_BENCH_RAW_FORM=1 measures the older form (what a collector
 * before form 2 wrote), anything else the current one.
 */
export function rawFormFromEnv(): RawForm {
  return process.env.FSMON_BENCH_RAW_FORM === '1' ? 1 : 2;
}

function encode(name: string, batches: { key: string; batch: RawEventBatch }[], form: RawForm): Workload {
  RawEventBatch.parse(batches[0].batch);
  const messages = batches.map(({ key, batch }) => ({ key, value: form === 1 ? Buffer.from(JSON.stringify(batch)) : encodeFormTwo(batch) }));
  const events = batches.reduce((n, b) => n + b.batch.events.length, 0);
  return { name, form, messages, events, bytes: messages.reduce((n, m) => n + m.value.length, 0) };
}


/**
 * A node's mixed traffic: `containers` containers (and the host), each batch one container's
 * events over 1 ms of event time each: programs rewriting a working set of files, some new files,
 * inotify-only changes, and a denied access now and then.
 */
export function mixedTraffic(events: number, perBatch: number, containers = 200, form = rawFormFromEnv()): Workload {
  const batches: { key: string; batch: RawEventBatch }[] = [];
  for (let seq = 0, n = 0; n < events; seq++) {
    const ci = seq % (containers + 1);
    const c = ci === containers ? null : container(ci);
    const list: FileRawEvent[] = [];
    for (let i = 0; i < perBatch && n < events; i++, n++) {
      const program = PROGRAMS[(seq + i) % PROGRAMS.length];
      const hot = (n * 7) % 64;
      const path = n % 5 === 0 ? `/var/www/uploads/${n}.tmp` : `/var/www/html/app/module-${hot}/index.php`;
      const procs = n % 10 === 0 ? [] : [proc(program, 1000 + (n % 37))];
      list.push(event(n, c, path, procs, T0 + n, n % 997 === 0));
    }
    batches.push({ key: `${HOST.id}/${c?.id ?? 'host'}`, batch: { schema: 1, collectorId: 'bench-collector', host: HOST, seq, events: list } });
  }
  return encode('mixed traffic', batches, form);
}

/**
 * One container writing `events` distinct paths: half from one program (an unpacking archive),
 * half seen only by inotify. Spread over `spread` keys so the backlog fits the embedded broker's
 * per-partition retention (a collector would key them all by the container).
 */
export function oneContainerFlood(events: number, perBatch: number, spread: number, form = rawFormFromEnv()): Workload {
  const c = container(7777);
  const tar = proc('tar', 31337);
  const batches: { key: string; batch: RawEventBatch }[] = [];
  for (let seq = 0, n = 0; n < events; seq++) {
    const list: FileRawEvent[] = [];
    for (let i = 0; i < perBatch && n < events; i++, n++) {
      const path = `/srv/data/extract/${(n >> 10).toString(16)}/${n.toString(16).padStart(8, '0')}-payload.bin`;
      list.push(event(n, c, path, n % 2 === 0 ? [tar] : [], T0 + n));
    }
    batches.push({ key: `${HOST.id}/${c.id}#${seq % spread}`, batch: { schema: 1, collectorId: 'bench-collector', host: HOST, seq, events: list } });
  }
  return encode('one container, many paths', batches, form);
}
