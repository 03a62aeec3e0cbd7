import { describe, expect, it } from 'vitest';
import { rangeAssign } from './rangeAssignor.ts';

describe('the range assignor', () => {
  it('gives one partition to the first member by member id and nothing to the others', () => {
    expect(rangeAssign(['b-2', 'a-1'], ['orders-0'])).toEqual({ 'a-1': ['orders-0'], 'b-2': [] });
  });

  it('gives the first members one more partition when they do not divide evenly', () => {
    expect(rangeAssign(['a', 'b'], ['t-0', 't-1', 't-2'])).toEqual({ a: ['t-0', 't-1'], b: ['t-2'] });
  });
});
