import { describe, expect, it } from 'vitest';
import {
  currentPosition,
  hasUncommitted,
  knownPositions,
  nextToFetch,
  turnTo,
  withoutPosition,
  withPosition,
  type PositionsOf,
} from './consumerPositions.ts';

/** A member owning orders-0 to orders-2, fetching orders-0 at offset 3, orders-1 known at 5. */
const member: PositionsOf = {
  partition: 'orders-0',
  positions: { 'orders-0': 3, 'orders-1': 5 },
  member: {},
  assignment: ['orders-0', 'orders-1', 'orders-2'],
};

describe('a consumer’s positions over the partitions it owns', () => {
  it('poll() turns to the next owned partition with records, round the end, or stays', () => {
    expect(nextToFetch(member, ['orders-0', 'orders-2'])).toBe('orders-2');
    expect(nextToFetch({ ...member, partition: 'orders-2' }, ['orders-0', 'orders-1'])).toBe('orders-0');
    expect(nextToFetch(member, ['orders-0'])).toBe('orders-0');
    expect(nextToFetch(member, [])).toBe('orders-0');
  });

  it('turning keeps every position: only the partition it works on changes', () => {
    const turned = turnTo(member, 'orders-1');
    expect(turned).toMatchObject({ partition: 'orders-1', positions: member.positions });
    expect(currentPosition(turned)).toBe(5);
    expect(knownPositions(turned)).toEqual({ 'orders-0': 3, 'orders-1': 5 });
    expect(currentPosition(turnTo(member, 'orders-2'))).toBeNull();
  });

  it('one map holds every position, the current partition’s too', () => {
    expect(currentPosition(member)).toBe(3);
    expect(currentPosition(withPosition(member, 'orders-0', 7))).toBe(7);
    expect(withPosition(member, 'orders-2', 1).positions).toEqual({
      'orders-0': 3,
      'orders-1': 5,
      'orders-2': 1,
    });
    expect(currentPosition(withoutPosition(member, 'orders-0'))).toBeNull();
    expect(withoutPosition(member, 'orders-0').positions).toEqual({ 'orders-1': 5 });
  });

  it('a commit is due while some known position differs from what the last commit carried', () => {
    expect(hasUncommitted(member, { 'orders-0': 3, 'orders-1': 5 })).toBe(false);
    expect(hasUncommitted(member, { 'orders-0': 3 })).toBe(true);
    // A consumer on its own reads its one partition, whatever else is listed.
    const alone = { ...member, member: undefined };
    expect(knownPositions(alone)).toEqual({ 'orders-0': 3 });
  });
});
