import { describe, expect, it } from 'vitest';
import { findMessage, firstFrom, nextToDeliver, replaceMessage, withoutMessage } from './inFlight.ts';
import type { InFlightMessage } from './types.ts';

const message = (id: number, heldBack = false): InFlightMessage => ({
  id,
  from: 'producer',
  to: 'broker-1',
  sentAt: 0,
  heldBack,
  body: { name: 'InitProducerId' } as InFlightMessage['body'],
  summary: '',
});

describe('the network, in id order', () => {
  const network = [2, 3, 5, 8, 13].map((id) => message(id));

  it('finds a message by id, and where ids from a given one start', () => {
    expect(findMessage(network, 8)?.id).toBe(8);
    expect(findMessage(network, 4)).toBeUndefined();
    expect([0, 2, 4, 13, 14].map((id) => firstFrom(network, id))).toEqual([0, 0, 2, 4, 5]);
  });

  it('removes and replaces one message, leaving the array handed in as it was', () => {
    expect(withoutMessage(network, 5).map((m) => m.id)).toEqual([2, 3, 8, 13]);
    expect(replaceMessage(network, message(3, true))[1]?.heldBack).toBe(true);
    expect(network.map((m) => [m.id, m.heldBack])).toEqual([2, 3, 5, 8, 13].map((id) => [id, false]));
  });

  it('delivers the oldest message not held back, or the oldest held one when all are', () => {
    expect(nextToDeliver([message(1, true), message(4), message(6)])?.id).toBe(4);
    expect(nextToDeliver([message(1, true), message(4, true)])?.id).toBe(1);
    expect(nextToDeliver([])).toBeUndefined();
  });
});
