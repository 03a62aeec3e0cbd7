import { describe, expect, it } from 'vitest';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { enabledActions, naturalAction, offers, step, UnknownActionError } from './step.ts';
import { outcome } from './ledger.ts';
import { createWorld, partOf, type World } from './world.ts';

/**
 * Connections (Kafka 4.x): one producer→leader connection delivers in order and its leader reads one
 * request at a time (the channel is muted until the response is sent); "lose" breaks the connection, so
 * every request in flight on it fails and is retried; "hold back" only lets other connections overtake;
 * reordering comes from a retriable error answer followed by a retry.
 */

const free = (id: string): Scenario => ({ ...(scenarioById(id) as Scenario), script: [] });

/** The reorder lesson's producer (no idempotence, 5 in flight) with m1 and m2 both on the wire. */
function twoInFlight(): World {
  let w = createWorld(free('reorder-without-idempotence'));
  w = step(step(w, 'app:producer:send'), 'app:producer:send');
  expect(produces(w).map((m) => m.body.batches[0]?.batch.record.id)).toEqual(['m1', 'm2']);
  return w;
}

const produces = (w: World) =>
  w.network.flatMap((m) => (m.body.name === 'Produce' && !m.connection ? [{ ...m, body: m.body }] : []));
const ids = (w: World) => enabledActions(w).map((a) => a.id);
const batches = (w: World) => (partOf(w, 'producer', 'producer')?.context as ProducerContext).batches;

describe('one connection delivers in order', () => {
  it('a request behind another on the same connection cannot arrive first, nor be held back to let it', () => {
    const w = twoInFlight();
    const [m1, m2] = produces(w);
    expect(ids(w)).toContain(`deliver:${m1?.id}`);
    expect(ids(w)).not.toContain(`deliver:${m2?.id}`);
    // Only the consumer's OffsetFetch is on another connection: holding m1 lets that one overtake, not m2.
    const held = step(w, `hold:${m1?.id}`);
    expect(ids(held)).not.toContain(`deliver:${m2?.id}`);
    expect(naturalAction(held)).not.toBe(`deliver:${m2?.id}`);
  });

  it('asked about alone, as a replay asks before any list is made, the request behind is not offered either', () => {
    const w = twoInFlight();
    const [m1, m2] = produces(w);
    expect(offers(w, `deliver:${m2?.id}`)).toBe(false);
    expect(() => step(w, `deliver:${m2?.id}`)).toThrow(UnknownActionError);
    expect(offers(w, `deliver:${m1?.id}`)).toBe(true);
  });

  it('hold back is not offered where nothing on another connection could overtake', () => {
    let w = twoInFlight();
    // Deliver everything but the two Produce requests (the consumer's start-up).
    while (w.network.some((m) => m.body.name !== 'Produce'))
      w = step(w, `deliver:${w.network.find((m) => m.body.name !== 'Produce')?.id}`);
    expect(ids(w).filter((a) => a.startsWith('hold:'))).toEqual([]);
  });

  it('the leader reads the next request only once it has answered the one before (acks=all in purgatory)', () => {
    let w = twoInFlight();
    const [m1, m2] = produces(w);
    w = step(w, `deliver:${m1?.id}`);
    // m1 waits for the followers; m2 stays unread on the connection until m1's answer is sent.
    expect(ids(w)).not.toContain(`deliver:${m2?.id}`);
    while (!w.network.some((m) => m.body.name === 'ProduceResponse')) w = step(w, naturalAction(w) as string);
    expect(ids(w)).toContain(`deliver:${m2?.id}`);
  });
});

describe('losing a message breaks its connection', () => {
  it('every Produce in flight on it fails with NETWORK_EXCEPTION at once and is retried after its back-off', () => {
    const w = step(twoInFlight(), `lose:${produces(twoInFlight())[0]?.id}`);
    // m2, behind m1 on the same connection, went with it; nothing waits for request.timeout.ms.
    expect(produces(w)).toEqual([]);
    expect(w.steps.at(-1)?.narration).toContain('NETWORK_EXCEPTION');
    expect(batches(w).map((b) => [b.record.id, b.state, b.attempts])).toEqual([
      ['m1', 'queued', 1],
      ['m2', 'queued', 1],
    ]);
    expect(batches(w).every((b) => b.retryAt >= w.clock + 50)).toBe(true);
    expect(ids(w).some((a) => a.startsWith('timer:producer:requestTimeout'))).toBe(false);
  });

  it('a lost ack fails its request too: the producer retries without waiting for request.timeout.ms', () => {
    let w = createWorld(free('alo-producer-ack-lost'));
    while (!w.network.some((m) => m.body.name === 'ProduceResponse')) w = step(w, naturalAction(w) as string);
    w = step(w, `lose:${w.network.find((m) => m.body.name === 'ProduceResponse')?.id}`);
    expect(batches(w)[0]).toMatchObject({ state: 'queued', attempts: 1 });
    expect(w.clock).toBeLessThan(1000);
  });

  it('a consumer request lost on its connection is sent again on a new one after reconnect.backoff.ms', () => {
    const w0 = createWorld(free('alo-producer-ack-lost'));
    const fetch = w0.network.find((m) => m.body.name === 'OffsetFetch');
    const w = step(w0, `lose:${fetch?.id}`);
    const again = w.network.find((m) => m.body.name === 'OffsetFetch');
    expect(again?.id).toBeGreaterThan(fetch?.id ?? 0);
    expect(again?.sentAt).toBe(w0.clock + 50);
  });
});

describe('the leader answers with a retriable error (the fault)', () => {
  it('is offered for a Produce its leader reads now, with the errors its acks allow', () => {
    const w = twoInFlight();
    const [m1, m2] = produces(w);
    expect(ids(w).filter((a) => a.startsWith('error:'))).toEqual([
      `error:${m1?.id}:NOT_LEADER_OR_FOLLOWER`,
      `error:${m1?.id}:NOT_ENOUGH_REPLICAS`,
      `error:${m1?.id}:REQUEST_TIMED_OUT`,
    ]);
    expect(ids(w).some((a) => a.startsWith(`error:${m2?.id}`))).toBe(false);
    const acks1 = createWorld({ ...free('amo-producer-no-retry') });
    let x = acks1;
    while (produces(x).length === 0) x = step(x, naturalAction(x) as string);
    expect(ids(x).filter((a) => a.startsWith('error:'))).toEqual([
      `error:${produces(x)[0]?.id}:NOT_LEADER_OR_FOLLOWER`,
    ]);
  });

  it('NOT_LEADER_OR_FOLLOWER refuses the append; m2, right behind, lands first and m1’s retry after it', () => {
    let w = twoInFlight();
    w = step(w, `error:${produces(w)[0]?.id}:NOT_LEADER_OR_FOLLOWER`);
    expect(w.network.find((m) => m.body.name === 'ProduceResponse')?.summary).toBe('NOT_LEADER_OR_FOLLOWER');
    for (let i = 0; i < 300 && naturalAction(w); i++) w = step(w, naturalAction(w) as string);
    const leader = partOf(w, 'broker-1', 'broker')?.context as {
      replicas: Record<string, { log: { record?: { id: string } }[] }>;
    };
    expect(leader.replicas['orders-0']?.log.map((e) => e.record?.id)).toEqual(['m2', 'm1']);
  });

  it('REQUEST_TIMED_OUT appends first: without idempotence the retry is a second copy', () => {
    let w = twoInFlight();
    w = step(w, `error:${produces(w)[0]?.id}:REQUEST_TIMED_OUT`);
    for (let i = 0; i < 300 && naturalAction(w); i++) w = step(w, naturalAction(w) as string);
    const leader = partOf(w, 'broker-1', 'broker')?.context as {
      replicas: Record<string, { log: { record?: { id: string } }[] }>;
    };
    expect(leader.replicas['orders-0']?.log.map((e) => e.record?.id)).toEqual(['m1', 'm2', 'm1']);
  });
});

describe('request.timeout.ms on a Produce closes its connection', () => {
  it('the request still on the wire may be handled, but its answer is never read', () => {
    let w = twoInFlight();
    const [m1] = produces(w);
    // Hold m1 so that the consumer's start-up overtakes it, then let m1's request time out.
    w = step(w, `hold:${m1?.id}`);
    w = step(w, 'timer:producer:requestTimeout:b1');
    expect(w.network.find((m) => m.id === m1?.id)?.connection).toBe('senderGone');
    // m2 was on the same connection: it failed with it and is retried too.
    expect(batches(w).map((b) => b.state)).toEqual(['queued', 'queued']);
  });
});

describe('the coordinator’s markers on a broken connection', () => {
  it('a lost WriteTxnMarkersResponse breaks the connection; the coordinator sends the markers again and the run comes to rest', () => {
    const s = free('tv2-epoch-per-transaction');
    let w = createWorld(s);
    const lostAnswer = (x: World) => x.network.find((m) => m.body.name === 'WriteTxnMarkersResponse');
    while (!lostAnswer(w)) w = step(w, naturalAction(w) as string);
    w = step(w, `lose:${lostAnswer(w)?.id}`);
    let natural = 0;
    for (; natural < 400 && naturalAction(w); natural++) w = step(w, naturalAction(w) as string);
    // Before, the coordinator waited for an answer that never came while the producer's next
    // transaction was answered CONCURRENT_TRANSACTIONS again and again: the run never rested.
    expect(naturalAction(w)).toBeUndefined();
    expect(
      w.steps.some((st) => st.label.startsWith('Deliver WriteTxnMarkers ') && st.label.includes('(retry)')),
    ).toBe(true);
    expect(outcome(w).ledger.map((r) => r.verdict)).toEqual(s.workload.records.map(() => 'once'));
  });
});

describe('time on the natural path', () => {
  it('a timer due before a backed-off retry leaves fires first: the coordinator re-sends markers a crashed leader never answered', () => {
    const s = free('tv2-epoch-per-transaction');
    let w = createWorld(s);
    const endTxnAnswer = (x: World) => x.network.find((m) => m.body.name === 'EndTxnResponse');
    while (!endTxnAnswer(w)) w = step(w, naturalAction(w) as string);
    w = step(step(w, `lose:${endTxnAnswer(w)?.id}`), 'crash:broker-1');
    let natural = 0;
    for (; natural < 2000 && naturalAction(w); natural++) w = step(w, naturalAction(w) as string);
    // Before, the producer's EndTxn retries (answered CONCURRENT_TRANSACTIONS every 100 ms) were always
    // delivered first, so the coordinator's request.timeout.ms for the lost markers never fired.
    expect(naturalAction(w)).toBeUndefined();
    expect(w.steps.some((st) => st.action === 'timer:txn-coordinator:WriteTxnMarkers:orders-0:retry')).toBe(
      true,
    );
  });
});
