import { CommitTracker } from './commit-tracker';

describe(CommitTracker.name, () => {
  const T = 'fsmon.raw-events.v1';

  it('commits one past the last finished offset, once', () => {
    const sut = new CommitTracker();
    sut.finished(T, 0, '4');
    sut.finished(T, 0, '5');
    expect(sut.due()).toEqual([{ topic: T, partition: 0, offset: '6' }]);
    sut.committed(sut.due());
    expect(sut.due()).toEqual([]);
  });

  it('holds the commit point at the first message its owner has not released', () => {
    const sut = new CommitTracker();
    sut.handedOver(T, 1, '10');
    sut.finished(T, 1, '11');
    sut.handedOver(T, 1, '12');
    sut.finished(T, 1, '13');
    expect(sut.due()).toEqual([{ topic: T, partition: 1, offset: '10' }]);
    sut.committed(sut.due());
    sut.release(T, 1, '10');
    expect(sut.due()).toEqual([{ topic: T, partition: 1, offset: '12' }]);
    sut.release(T, 1, '12');
    expect(sut.due()).toEqual([{ topic: T, partition: 1, offset: '14' }]);
  });

  it('keeps partitions apart and forgets all on reset', () => {
    const sut = new CommitTracker();
    sut.finished(T, 0, '1');
    sut.finished(T, 2, '7');
    expect(sut.due()).toEqual(
      expect.arrayContaining([
        { topic: T, partition: 0, offset: '2' },
        { topic: T, partition: 2, offset: '8' },
      ]),
    );
    sut.reset();
    expect(sut.due()).toEqual([]);
    sut.release(T, 0, '1');
    expect(sut.due()).toEqual([]);
  });

  it('handles offsets beyond 2^53', () => {
    const sut = new CommitTracker();
    sut.finished(T, 0, '9007199254740993');
    expect(sut.due()).toEqual([{ topic: T, partition: 0, offset: '9007199254740994' }]);
  });
});
