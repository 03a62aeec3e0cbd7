import type { InFlightMessage } from './types.ts';

/**
 * The network's messages are kept in id order: ids are handed out in increasing order and a message is
 * only ever appended, removed or replaced in place. So a message is found by binary search, and the
 * next one to deliver is the first not held back: a step costs O(log n) lookups and one array copy,
 * however many messages are stranded on the wire (to a crashed node, say), never a scan of them all.
 */

/** The index of the first message whose id is at least `id` (network.length if none is). */
export function firstFrom(network: readonly InFlightMessage[], id: number): number {
  let lo = 0;
  let hi = network.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((network[mid] as InFlightMessage).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where message `id` is in `network`, or -1. */
export function indexOfMessage(network: readonly InFlightMessage[], id: number): number {
  let lo = 0;
  let hi = network.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = (network[mid] as InFlightMessage).id;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function findMessage(network: readonly InFlightMessage[], id: number): InFlightMessage | undefined {
  return network[indexOfMessage(network, id)];
}

/** `network` without message `id` (the same array if it is not there). */
export function withoutMessage(network: InFlightMessage[], id: number): InFlightMessage[] {
  const i = indexOfMessage(network, id);
  if (i < 0) return network;
  const out = network.slice();
  out.splice(i, 1);
  return out;
}

/** `network` with the message of `m.id` replaced by `m`. */
export function replaceMessage(network: InFlightMessage[], m: InFlightMessage): InFlightMessage[] {
  const i = indexOfMessage(network, m.id);
  if (i < 0) return network;
  const out = network.slice();
  out[i] = m;
  return out;
}

/**
 * The oldest message not held back, else (all are held) the oldest held one: the happy path's next
 * delivery. Held messages are few (each is a choice someone made), so this looks at few of them.
 */
export function nextToDeliver(network: readonly InFlightMessage[]): InFlightMessage | undefined {
  for (const m of network) if (!m.heldBack) return m;
  return network[0];
}
