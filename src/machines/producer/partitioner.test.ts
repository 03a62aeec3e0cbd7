import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, placeRecords } from './partitioner.ts';

describe('murmur2 (Kafka Utils.murmur2)', () => {
  // The vectors of Kafka's own UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  const kafkaCases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  it.each(kafkaCases)('murmur2(%s) is %i, as in Kafka', (input, expected) => {
    expect(murmur2(new TextEncoder().encode(input))).toBe(expected);
  });
});

describe('placeRecords (BuiltInPartitioner)', () => {
  it('places a keyed record by toPositive(murmur2(key)) % partitions, always the same', () => {
    // -790332482 & 0x7fffffff = 1357151166; % 2 = 0, % 3 = 0, % 5 = 1.
    expect(partitionForKey('foobar', 2)).toBe(0);
    expect(partitionForKey('foobar', 5)).toBe(1);
    // 479470107 % 2 = 1.
    expect(partitionForKey('abc', 2)).toBe(1);
    expect(placeRecords([{ key: 'abc' }, { key: 'abc' }], 2).map((p) => p.partition)).toEqual([1, 1]);
  });

  it('sends keyless records a batch (here one record) at a time to each partition in turn', () => {
    expect(placeRecords([{}, {}, {}], 2).map((p) => p.partition)).toEqual([0, 1, 0]);
  });

  it('keeps a pinned partition and says why each record went where it did', () => {
    expect(placeRecords([{ partition: 1 }, { key: 'abc' }, {}], 2)).toEqual([
      { partition: 1, by: 'pinned' },
      { partition: 1, by: 'key', key: 'abc' },
      { partition: 0, by: 'sticky' },
    ]);
  });
});
