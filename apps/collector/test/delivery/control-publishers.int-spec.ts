import { type CollectorStatus, Topics, type LearnedRule } from '@fsmon/contracts';
import { createKafka, EventPublisher } from '@fsmon/kafka';
import { collectMessages, startTestKafka, type TestKafka } from '@fsmon/testing';
import { EnforcementAuditPublisher } from '../../src/publish/enforcement-audit.publisher';
import { LearnedRulesPublisher } from '../../src/publish/learned-rules.publisher';
import { packageVersion } from '../../src/publish/package-version';
import { StatusPublisher, type StatusSnapshot } from '../../src/publish/status.publisher';
import { identity, quiet, setAllBrokers, waitFor } from './delivery.fixtures';

// Group joins take ~3 s on the embedded broker.
jest.setTimeout(60_000);

const rule = (path: string, group = 'g'): LearnedRule => ({ group, filter: '/etc/secret/', path });

const snapshot = (appliedRevision: number): StatusSnapshot => ({
  appliedRevision,
  capabilities: { permissionEvents: true, fidReporting: true, notes: [] },
  containers: [],
  probe: { nFileEvents: 0, nGroups: 1, fan: { nRoots: 0, nMntRoots: 0, nDirMarks: 0, nRules: 0, nPaths: 0, nDirs: 0 }, ino: { nWds: 0, nPaths: 0, nDirs: 0 }, counters: {} },
  drops: { 'spool-full': 3 },
});

describe('collector control publishers', () => {
  let kafka: TestKafka;
  let publisher: EventPublisher;

  beforeAll(async () => {
    kafka = await startTestKafka();
    const client = createKafka({ brokers: kafka.brokers, clientId: 'control-it', logLevel: 'nothing', retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
    publisher = new EventPublisher(client, { retries: 1, initialRetryTimeMs: 50, maxRetryTimeMs: 200 });
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await kafka?.stop();
  });

  describe(LearnedRulesPublisher.name, () => {
    it('keeps a batch the broker did not take, re-sends it with the same id, and de-duplicates', async () => {
      const sut = new LearnedRulesPublisher(publisher, identity, { flushMs: 200, maxPending: 3 }, quiet);
      sut.add([rule('/bin/a'), rule('/bin/b'), rule('/bin/a'), { ...rule('/bin/x'), path: '' }]);
      expect(sut.stats()).toMatchObject({ pending: 2, duplicates: 1, dropped: { invalid: 1 } });

      setAllBrokers(kafka.embedded, false);
      expect(await sut.flush()).toBe(false);
      const kept = sut.stats();
      expect(kept).toMatchObject({ pending: 0, unacknowledged: 2, sent: { batches: 0 } });
      expect(kept.sendErrors).toBeGreaterThan(0);
      sut.add([rule('/bin/a'), rule('/bin/c'), rule('/bin/d'), rule('/bin/e'), rule('/bin/f')]);
      expect(sut.stats()).toMatchObject({ pending: 3, duplicates: 2, dropped: { invalid: 1, overflow: 1 } });
      expect(await sut.flush()).toBe(false);

      setAllBrokers(kafka.embedded, true);
      expect(await sut.flush()).toBe(true);
      expect(sut.stats()).toMatchObject({ pending: 0, unacknowledged: 0, sent: { batches: 2, rules: 5 } });
      const batches = await collectMessages(kafka.brokers, Topics.LearnedRules, { count: 2 });
      expect(batches.map((m) => m.key)).toEqual(['col-1', 'col-1']);
      expect(batches[0].value.batchId).toBe(kept.unacknowledgedBatchId);
      expect(batches.map((m) => m.value.rules.map((r) => r.path))).toEqual([
        ['/bin/a', '/bin/b'],
        ['/bin/c', '/bin/d', '/bin/e'],
      ]);
      expect(new Set(batches.map((m) => m.value.batchId)).size).toBe(2);

      sut.add([rule('/bin/b')]);
      expect(sut.stats().pending).toBe(0);
      sut.forget(['g']);
      sut.add([rule('/bin/b')]);
      expect(sut.stats().pending).toBe(1);
      sut.start();
      await waitFor('the periodic flush', () => sut.stats().sent.rules === 6);
      await sut.stop();
    });
  });

  describe(StatusPublisher.name, () => {
    it('publishes the snapshot with identity, version and times, periodically and on demand', async () => {
      const sut = new StatusPublisher(publisher, identity, { intervalMs: 200, version: packageVersion() }, quiet);
      expect(await sut.publishNow()).toBe(false);
      let revision = 0;
      sut.setSnapshotProvider(() => snapshot(++revision));
      sut.start();
      await waitFor('two periodic statuses', () => sut.stats().sent >= 2);
      await sut.stop();
      expect(await sut.publishNow()).toBe(true);
      const sent = sut.stats().sent;

      const messages = await collectMessages(kafka.brokers, Topics.CollectorStatus, { count: sent });
      expect(messages).toHaveLength(sent);
      const values = messages.map((m) => m.value);
      expect(messages.every((m) => m.key === 'col-1')).toBe(true);
      expect(values[0]).toMatchObject({ collectorId: 'col-1', host: identity.host, version: '0.1.0', appliedRevision: 1, drops: { 'spool-full': 3 } });
      expect(new Set(values.map((v) => v.startedAt)).size).toBe(1);
      expect(values.map((v) => v.appliedRevision)).toEqual(values.map((_, i) => i + 1));
    });

    it('counts a status the broker did not take and carries on', async () => {
      const sut = new StatusPublisher(publisher, identity, { intervalMs: 60_000, version: '1.2.3' }, quiet);
      sut.setSnapshotProvider(() => snapshot(7));
      setAllBrokers(kafka.embedded, false);
      try {
        expect(await sut.publishNow()).toBe(false);
      } finally {
        setAllBrokers(kafka.embedded, true);
      }
      expect(sut.stats()).toMatchObject({ sent: 0, errors: 1 });
      expect(await sut.publishNow()).toBe(true);
    });
  });

  describe(EnforcementAuditPublisher.name, () => {
    const notice = (state: 'suspended' | 'restored', at: string) => ({ state, at, reason: `test ${state}`, workloads: ['w-1'], failClosedFilters: state === 'suspended' ? 2 : 0 });

    it('publishes each enforcement change on the status topic at once, and keeps it in later statuses when the broker did not take it', async () => {
      // The real producer; what the broker acknowledged is kept to look at.
      const acked: CollectorStatus[] = [];
      const producer: Pick<EventPublisher, 'publish'> = {
        publish: async (topic, messages) => {
          await publisher.publish(topic, messages);
          acked.push(...messages.map((m) => m.value as CollectorStatus));
        },
      };
      const status = new StatusPublisher(producer, identity, { intervalMs: 60_000, version: '1.2.3' }, quiet);
      status.setSnapshotProvider(() => ({ ...snapshot(5), capabilities: { permissionEvents: true, fidReporting: true, notes: ['kernel note'] } }));
      const sut = new EnforcementAuditPublisher(status, quiet);

      setAllBrokers(kafka.embedded, false);
      try {
        sut.enforcement(notice('suspended', '2025-01-01T00:00:01.000Z'));
        await waitFor('the failed status to be counted', () => sut.stats().publishFailures === 1);
      } finally {
        setAllBrokers(kafka.embedded, true);
      }
      sut.enforcement(notice('restored', '2025-01-01T00:00:02.000Z'));
      await waitFor('the status to be sent', () => status.stats().sent === 1);
      expect(sut.stats()).toEqual({ suspended: 1, restored: 1, publishFailures: 1 });

      expect(acked).toHaveLength(1);
      expect(acked[0].capabilities.notes).toEqual([
        'kernel note',
        'enforcement suspended at 2025-01-01T00:00:01.000Z (1 workload(s): w-1); 2 fail-closed filter(s) not enforced: test suspended',
        'enforcement restored at 2025-01-01T00:00:02.000Z (1 workload(s): w-1): test restored',
      ]);
    });
  });
});
