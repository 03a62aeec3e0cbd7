import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { Participant, StepRecord, TraceEvent } from '../sim/types.ts';
import { createWorld } from '../sim/world.ts';
import { buildDiagram, diagramUpTo, type Arrow, type DiagramModel } from './model.ts';

const PARTICIPANTS: Participant[] = [
  { id: 'producer', label: 'Producer', role: 'producer' },
  { id: 'broker-1', label: 'Broker 1', role: 'broker' },
  { id: 'consumer', label: 'Consumer', role: 'consumer' },
  { id: 'sink', label: 'Sink', role: 'sink' },
];

type Ev = Omit<TraceEvent, 'step' | 'time'>;

/** A hand-written trace: one array of events per step, numbered from 1. */
function trace(...steps: Ev[][]): StepRecord[] {
  return steps.map((events, i) => ({
    index: i + 1,
    action: `a${i + 1}`,
    label: `step ${i + 1}`,
    time: i + 1,
    narration: '',
    events: events.map((e) => ({ ...e, step: i + 1, time: i + 1 })),
  }));
}

/** The events of one network message: msg(1, …).send, .deliver, .lose, .drop, .hold. */
function msg(messageId: number, from: string, to: string, name: string, summary = '') {
  const ev = (kind: TraceEvent['kind']): Ev => ({ kind, from, to, name, summary, messageId });
  return { send: ev('send'), deliver: ev('deliver'), lose: ev('lose'), drop: ev('drop'), hold: ev('hold') };
}

const at = (kind: TraceEvent['kind'], node: string, name: string, summary = ''): Ev => ({
  kind,
  from: node,
  to: node,
  name,
  summary,
});

const produce = msg(1, 'producer', 'broker-1', 'Produce', 'm1 seq=0');
const ack = msg(2, 'broker-1', 'producer', 'ProduceResponse', 'offset=0');

const arrow = (m: DiagramModel, id: string): Arrow => {
  const a = m.arrows.find((x) => x.id === id);
  if (!a) throw new Error(`no arrow ${id}`);
  return a;
};

describe('buildDiagram: arrows', () => {
  it('gives each send and each arrival a row; a reply leaves from the row its request reached', () => {
    const m = buildDiagram(PARTICIPANTS, trace([produce.send], [produce.deliver, ack.send], [ack.deliver]));
    expect(m.arrows).toEqual([
      {
        id: 'm1',
        messageId: 1,
        kind: 'request',
        from: 'producer',
        to: 'broker-1',
        fromIndex: 0,
        toIndex: 1,
        name: 'Produce',
        summary: 'm1 seq=0',
        sentStep: 1,
        endStep: 2,
        status: 'delivered',
        row: 0,
        endRow: 1,
      },
      expect.objectContaining({ id: 'm2', kind: 'response', sentStep: 2, endStep: 3, row: 1, endRow: 2 }),
    ]);
    expect(m.rows).toBe(3);
    expect(m.lifelines.map((l) => [l.id, l.index])).toEqual([
      ['producer', 0],
      ['broker-1', 1],
      ['consumer', 2],
      ['sink', 3],
    ]);
  });

  it('ends a lost message where it was lost, and a dropped one where it reached the dead node', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace([produce.send], [produce.deliver, ack.send], [at('crash', 'producer', 'crash')], [ack.drop]),
    );
    expect(arrow(m, 'm2')).toMatchObject({ status: 'dropped', endStep: 4, row: 1, endRow: 3 });
    const lost = buildDiagram(PARTICIPANTS, trace([produce.send], [produce.lose]));
    expect(arrow(lost, 'm1')).toMatchObject({ status: 'lost', endStep: 2, row: 0, endRow: 1 });
  });

  it('shows a held-back message arriving after the one that overtook it', () => {
    const second = msg(3, 'producer', 'broker-1', 'Produce', 'm2 seq=1');
    const m = buildDiagram(
      PARTICIPANTS,
      trace([produce.send], [second.send], [produce.hold], [second.deliver], [produce.deliver]),
    );
    expect(arrow(m, 'm1')).toMatchObject({ status: 'delivered', heldStep: 3, row: 0, endRow: 3 });
    expect(arrow(m, 'm3')).toMatchObject({ status: 'delivered', row: 1, endRow: 2 });
    expect(diagramUpTo(m, 3).arrows.map((a) => a.status)).toEqual(['held', 'in-flight']);
    expect(diagramUpTo(m, 2).arrows.map((a) => a.status)).toEqual(['in-flight', 'in-flight']);
  });

  it('leaves a message in flight (or held) when the trace ends before it settles', () => {
    const m = buildDiagram(PARTICIPANTS, trace([produce.send, ack.send], [ack.hold]));
    expect(arrow(m, 'm1')).toMatchObject({ status: 'in-flight', row: 0 });
    expect(arrow(m, 'm1').endStep).toBeUndefined();
    expect(arrow(m, 'm1').endRow).toBeUndefined();
    expect(arrow(m, 'm2')).toMatchObject({ status: 'held', heldStep: 2, row: 1 });
  });

  it('puts messages sent before step 1 (first seen settling) on the first rows, as sent at step 0', () => {
    const early = msg(7, 'consumer', 'broker-1', 'Fetch', 'offset=0');
    const m = buildDiagram(PARTICIPANTS, trace([produce.send], [early.deliver]));
    expect(arrow(m, 'm7')).toMatchObject({ sentStep: 0, row: 0, endStep: 2, endRow: 2, status: 'delivered' });
    expect(arrow(m, 'm1')).toMatchObject({ sentStep: 1, row: 1 });
    expect(diagramUpTo(m, 0).arrows).toEqual([expect.objectContaining({ id: 'm7', status: 'in-flight' })]);
  });

  it('draws an effect as an instantaneous arrow to the sink', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace([
        at('app', 'consumer', 'process', 'consumer: process(m1)'),
        { kind: 'effect', from: 'consumer', to: 'sink', name: 'charge card', summary: 'm1' },
      ]),
    );
    expect(m.arrows).toEqual([
      {
        id: 'e1-1',
        kind: 'effect',
        from: 'consumer',
        to: 'sink',
        fromIndex: 2,
        toIndex: 3,
        name: 'charge card',
        summary: 'm1',
        sentStep: 1,
        endStep: 1,
        status: 'delivered',
        row: 1,
        endRow: 1,
      },
    ]);
  });

  it('gives a node missing from the participants a lifeline of its own', () => {
    const m = buildDiagram(PARTICIPANTS, trace([msg(1, 'producer', 'broker-9', 'Produce').send]));
    expect(m.lifelines[4]).toEqual({ id: 'broker-9', label: 'broker-9', role: 'unknown', index: 4 });
    expect(arrow(m, 'm1').toIndex).toBe(4);
  });
});

describe('buildDiagram: notes', () => {
  const steps = trace(
    [at('app', 'producer', 'send', 'producer: producer.send(m1)'), produce.send],
    [at('state', 'producer', 'sending', 'producer: idle → sending')],
    [
      at('crash', 'broker-1', 'crash', 'broker-1 crashes'),
      at('elect', 'broker-1', 'leader of orders-0', 'A long narration.'),
    ],
    [at('timer', 'producer', 'requestTimeout', 'producer: request.timeout.ms expires for m1')],
    [at('restart', 'broker-1', 'restart', 'broker-1 restarts')],
  );

  it('notes crashes, restarts, timers, elections and app calls on their row, without the node prefix', () => {
    const m = buildDiagram(PARTICIPANTS, steps);
    expect(m.notes).toEqual([
      { id: 'n1-0', row: 0, step: 1, node: 'producer', kind: 'app', text: 'producer.send(m1)' },
      { id: 'n3-0', row: 2, step: 3, node: 'broker-1', kind: 'crash', text: 'broker-1 crashes' },
      { id: 'n3-1', row: 3, step: 3, node: 'broker-1', kind: 'elect', text: 'leader of orders-0' },
      {
        id: 'n4-0',
        row: 4,
        step: 4,
        node: 'producer',
        kind: 'timer',
        text: 'request.timeout.ms expires for m1',
      },
      { id: 'n5-0', row: 5, step: 5, node: 'broker-1', kind: 'restart', text: 'broker-1 restarts' },
    ]);
    expect(arrow(m, 'm1').row).toBe(1);
  });

  it('adds state changes only when asked to', () => {
    const m = buildDiagram(PARTICIPANTS, steps, { stateNotes: true });
    expect(m.notes.filter((n) => n.kind === 'state')).toEqual([
      { id: 'n2-0', row: 2, step: 2, node: 'producer', kind: 'state', text: 'idle → sending' },
    ]);
    expect(m.rows).toBe(buildDiagram(PARTICIPANTS, steps).rows + 1);
  });
});

describe('buildDiagram: transaction spans', () => {
  const begin = at('txn', 'producer', 'begin', 'epoch 0');
  const endTxn = msg(5, 'producer', 'broker-1', 'EndTxn', 'COMMIT');

  it('spans from the begin row to the row of what closed it, with the outcome', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace(
        [begin],
        [produce.send],
        [produce.deliver],
        [at('txn', 'producer', 'commit', 'committed')],
        [endTxn.send],
      ),
    );
    expect(m.spans).toEqual([
      {
        id: 't1-0',
        node: 'producer',
        label: 'Producer transaction (epoch 0)',
        startRow: 0,
        endRow: 2,
        startStep: 1,
        endStep: 4,
        outcome: 'commit',
      },
    ]);
  });

  it('records an abort', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace([begin], [produce.send], [at('txn', 'producer', 'abort', 'aborted')]),
    );
    expect(m.spans[0]).toMatchObject({ outcome: 'abort', startRow: 0, endRow: 1, endStep: 3 });
  });

  it('keeps a span open to the last row when the trace ends inside it', () => {
    const m = buildDiagram(PARTICIPANTS, trace([begin], [produce.send], [produce.deliver]));
    expect(m.spans[0]).toMatchObject({ outcome: 'open', startRow: 0, endRow: 2 });
    expect(m.spans[0]?.endStep).toBeUndefined();
  });

  it('ends a span at its producer’s crash, still open: that producer will never finish it', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace(
        [begin],
        [produce.send],
        [at('crash', 'producer', 'crash', 'producer crashes')],
        [produce.deliver],
      ),
    );
    expect(m.spans[0]).toMatchObject({ outcome: 'open', startRow: 0, endRow: 2, endStep: 3 });
  });

  it('ends a span when its producer is fenced (fatal), still open: a zombie never finishes it', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace([begin], [produce.send], [at('txn', 'producer', 'fatal', 'PRODUCER_FENCED')], [produce.deliver]),
    );
    expect(m.spans[0]).toMatchObject({ outcome: 'open', endStep: 3 });
  });

  it('closes an unfinished span when its producer begins another: one node’s spans never overlap', () => {
    const m = buildDiagram(
      PARTICIPANTS,
      trace(
        [begin],
        [produce.send],
        [at('txn', 'producer', 'begin', 'epoch 1')],
        [at('txn', 'producer', 'commit')],
      ),
    );
    expect(m.spans.map((s) => [s.label, s.startRow, s.endRow, s.outcome])).toEqual([
      ['Producer transaction (epoch 0)', 0, 1, 'open'],
      ['Producer transaction (epoch 1)', 2, 2, 'commit'],
    ]);
  });
});

describe('diagramUpTo', () => {
  const steps = trace(
    [at('txn', 'producer', 'begin', 'epoch 0'), produce.send],
    [produce.deliver, ack.send],
    [at('app', 'consumer', 'poll', 'consumer: consumer.poll()')],
    [ack.hold],
    [ack.deliver, at('txn', 'producer', 'commit', 'committed')],
    [msg(3, 'producer', 'broker-1', 'Produce', 'm2').send],
    [msg(3, 'producer', 'broker-1', 'Produce', 'm2').lose],
  );
  const full = buildDiagram(PARTICIPANTS, steps);

  it('at every step equals the diagram of the trace up to that step', () => {
    for (let k = 0; k <= steps.length; k++) {
      expect(diagramUpTo(full, k)).toEqual(buildDiagram(PARTICIPANTS, steps.slice(0, k)));
    }
  });

  it('shows an arrow that settles later in flight, and a span that closes later open to the last row', () => {
    const d = diagramUpTo(full, 3);
    expect(d.rows).toBe(4);
    expect(d.arrows.map((a) => [a.id, a.status, a.endRow])).toEqual([
      ['m1', 'delivered', 2],
      ['m2', 'in-flight', undefined],
    ]);
    expect(d.spans).toEqual([expect.objectContaining({ outcome: 'open', startRow: 0, endRow: 3 })]);
    expect(d.spans[0]?.endStep).toBeUndefined();
    expect(diagramUpTo(full, 4).arrows[1]?.status).toBe('held');
  });

  it('filters without rebuilding: settled items keep their identity; the full cut is the model', () => {
    const d = diagramUpTo(full, 3);
    expect(d.arrows[0]).toBe(full.arrows[0]);
    expect(d.notes[0]).toBe(full.notes[0]);
    expect(d.lifelines).toBe(full.lifelines);
    expect(diagramUpTo(full, steps.length)).toEqual(full);
  });
});

describe('lifeline names', () => {
  it('names each of several transaction coordinators by the transactional.id it serves, short enough to stay whole', () => {
    const s = scenarioById('eos-partition-moves-between-instances') as Scenario;
    const world = createWorld(s);
    const coordinators = buildDiagram(world.participants, []).lifelines.filter(
      (l) => l.role === 'txn-coordinator',
    );
    expect(coordinators.map((l) => l.label)).toEqual(['Txn coord · processor-1', 'Txn coord · processor-2']);
  });

  it('keeps "Transaction Coordinator" when there is only one', () => {
    const world = createWorld(scenarioById('zombie-fenced') as Scenario);
    const labels = buildDiagram(world.participants, []).lifelines.map((l) => l.label);
    expect(labels).toContain('Transaction Coordinator');
  });
});

describe('drawing order', () => {
  it('draws the group coordinator just after its members when they stand first (the instances of an application)', () => {
    const world = createWorld(scenarioById('eos-partition-moves-between-instances') as Scenario);
    const ids = buildDiagram(world.participants, []).lifelines.map((l) => l.id);
    expect(ids.slice(0, 4)).toEqual(['processor-1', 'processor-2', 'group-coordinator', 'broker-1']);
  });

  it('keeps the run’s order when the members already stand beside it', () => {
    const world = createWorld(scenarioById('rebalance-after-max-poll-interval') as Scenario);
    expect(buildDiagram(world.participants, []).lifelines.map((l) => l.id)).toEqual(
      world.participants.map((p) => p.id),
    );
  });
});
