// The real parser, in a test only: src/ code must not depend on mermaid (the app owns rendering).
// eslint-disable-next-line no-restricted-imports
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { Participant, StepRecord, TraceEvent } from '../sim/types.ts';
import { toMermaid } from './mermaid.ts';

const PARTICIPANTS: Participant[] = [
  { id: 'producer', label: 'Producer', role: 'producer' },
  { id: 'broker-1', label: 'Broker 1 (leader)', role: 'broker' },
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

function msg(messageId: number, from: string, to: string, name: string, summary = '') {
  const ev = (kind: TraceEvent['kind']): Ev => ({ kind, from, to, name, summary, messageId });
  return { send: ev('send'), deliver: ev('deliver'), lose: ev('lose'), hold: ev('hold') };
}

const at = (kind: TraceEvent['kind'], node: string, name: string, summary = ''): Ev => ({
  kind,
  from: node,
  to: node,
  name,
  summary,
});

const HEADER = `sequenceDiagram
  participant producer as Producer
  participant broker_1 as Broker 1 (leader)
  participant consumer as Consumer
  participant sink as Sink
  autonumber
`;

/** A transactional send whose ack is lost, the retry, the commit, an effect, a fetch still in flight. */
const RUN_STEPS: Ev[][] = [
  [
    at('app', 'producer', 'beginTransaction', 'producer: producer.beginTransaction()'),
    at('txn', 'producer', 'begin', 'epoch 0'),
  ],
  [
    at('app', 'producer', 'send', 'producer: producer.send(m1)'),
    msg(1, 'producer', 'broker-1', 'Produce', 'm1 seq=0').send,
  ],
  [
    msg(1, 'producer', 'broker-1', 'Produce').deliver,
    msg(2, 'broker-1', 'producer', 'ProduceResponse', 'offset=0').send,
  ],
  [msg(2, 'broker-1', 'producer', 'ProduceResponse', 'offset=0').lose],
  [
    at('timer', 'producer', 'requestTimeout', 'producer: request.timeout.ms expires for m1'),
    msg(3, 'producer', 'broker-1', 'Produce', 'm1 seq=0').send,
  ],
  [
    msg(3, 'producer', 'broker-1', 'Produce', 'm1 seq=0').deliver,
    msg(4, 'broker-1', 'producer', 'ProduceResponse', 'offset=0').send,
  ],
  [
    msg(4, 'broker-1', 'producer', 'ProduceResponse', 'offset=0').deliver,
    at('txn', 'producer', 'commit', 'committed'),
  ],
  [
    at('app', 'consumer', 'process', 'consumer: process(m1)'),
    { kind: 'effect', from: 'consumer', to: 'sink', name: 'charge card', summary: 'm1' },
  ],
  [msg(5, 'consumer', 'broker-1', 'Fetch', 'offset=1').send],
];
const RUN = trace(...RUN_STEPS);

describe('toMermaid', () => {
  it('writes a small run as exactly this text', () => {
    expect(toMermaid(PARTICIPANTS, RUN)).toBe(
      HEADER +
        `  Note over producer: producer.beginTransaction()
  rect rgba(46, 160, 67, 0.15)
    Note over producer: Producer transaction (epoch 0)
    Note over producer: producer.send(m1)
    producer->>broker_1: Produce m1 seq=0
    broker_1--xproducer: ProduceResponse offset=0 (lost)
    Note over producer: request.timeout.ms expires for m1
    producer->>broker_1: Produce m1 seq=0
    broker_1-->>producer: ProduceResponse offset=0
    Note over producer: transaction committed
  end
  Note over consumer: process(m1)
  consumer->>sink: charge card m1
  consumer-)broker_1: Fetch offset=1 (in flight)
`,
    );
  });

  it('cuts at a step as the diagram does: later arrivals in flight, a later commit left open', () => {
    expect(toMermaid(PARTICIPANTS, RUN, { upToStep: 3, autonumber: false, title: 'Lost ack' })).toBe(
      HEADER.replace('sequenceDiagram\n', 'sequenceDiagram\n  title Lost ack\n').replace(
        '  autonumber\n',
        '',
      ) +
        `  Note over producer: producer.beginTransaction()
  rect rgba(128, 128, 128, 0.15)
    Note over producer: Producer transaction (epoch 0)
    Note over producer: producer.send(m1)
    producer->>broker_1: Produce m1 seq=0
    broker_1--)producer: ProduceResponse offset=0 (in flight)
  end
`,
    );
  });

  it('writes messages in the order they arrived, held-back ones included', () => {
    const first = msg(1, 'producer', 'broker-1', 'Produce', 'm1');
    const second = msg(2, 'producer', 'broker-1', 'Produce', 'm2');
    const third = msg(3, 'producer', 'broker-1', 'Produce', 'm3');
    const text = toMermaid(
      PARTICIPANTS,
      trace(
        [first.send],
        [second.send, third.send],
        [first.hold],
        [second.deliver],
        [first.deliver],
        [third.hold],
      ),
    );
    expect(text).toBe(
      HEADER +
        `  producer->>broker_1: Produce m2
  producer->>broker_1: Produce m1
  producer-)broker_1: Produce m3 (held back)
`,
    );
  });

  it('keeps rect blocks nested when two producers’ transactions interleave', () => {
    const participants: Participant[] = [
      { id: 'producer', label: 'Producer', role: 'producer' },
      { id: 'producer-2', label: 'Producer 2', role: 'producer' },
      { id: 'broker-1', label: 'Broker 1', role: 'broker' },
    ];
    const a = msg(1, 'producer', 'broker-1', 'Produce', 'm1');
    const b = msg(2, 'producer-2', 'broker-1', 'Produce', 'm2');
    const text = toMermaid(
      participants,
      trace(
        [at('txn', 'producer', 'begin')],
        [at('txn', 'producer-2', 'begin')],
        [a.send],
        [a.deliver],
        [at('txn', 'producer', 'commit')],
        [b.send],
        [b.deliver],
        [at('txn', 'producer-2', 'abort')],
      ),
      { autonumber: false },
    );
    expect(text).toBe(`sequenceDiagram
  participant producer as Producer
  participant producer_2 as Producer 2
  participant broker_1 as Broker 1
  rect rgba(46, 160, 67, 0.15)
    Note over producer: Producer transaction
    rect rgba(218, 54, 51, 0.15)
      Note over producer_2: Producer 2 transaction
      producer->>broker_1: Produce m1
    end
    Note over producer: transaction committed
  end
  rect rgba(218, 54, 51, 0.15)
    producer_2->>broker_1: Produce m2
    Note over producer_2: transaction aborted
  end
`);
  });

  it('turns node ids into distinct Mermaid identifiers, away from keywords and leading digits', () => {
    const participants: Participant[] = [
      { id: 'broker-1', label: 'a', role: 'broker' },
      { id: 'broker_1', label: 'b', role: 'broker' },
      { id: 'end', label: 'c', role: 'sink' },
      { id: '1st', label: 'd', role: 'consumer' },
      { id: 'txn.coordinator', label: 'e', role: 'txn-coordinator' },
    ];
    const lines = toMermaid(participants, []).split('\n');
    expect(lines.filter((l) => l.includes('participant'))).toEqual([
      '  participant broker_1 as a',
      '  participant broker_1_2 as b',
      '  participant end_ as c',
      '  participant n_1st as d',
      '  participant txn_coordinator as e',
    ]);
  });

  it('escapes what Mermaid would read as syntax, in labels and in message text', () => {
    const participants: Participant[] = [
      { id: 'producer', label: 'Producer #1; the: first', role: 'producer' },
      { id: 'broker-1', label: 'Broker\n1', role: 'broker' },
    ];
    const text = toMermaid(
      participants,
      trace([msg(1, 'producer', 'broker-1', 'Produce', 'a;b #c %%{init}%% <b>x</b>\nnext').send]),
      { title: 'Run #2; ok' },
    );
    expect(text).toBe(`sequenceDiagram
  title Run #35;2#59; ok
  participant producer as Producer #35;1#59; the: first
  participant broker_1 as Broker 1
  autonumber
  producer-)broker_1: Produce a#59;b #35;c #37;#37;{init}#37;#37; #60;b#62;x#60;/b#62; next (in flight)
`);
  });

  it('is accepted by the real Mermaid parser, with every kind of line and awkward names', async () => {
    const participants: Participant[] = [
      ...PARTICIPANTS,
      { id: 'end', label: 'Odd; #name: yes', role: 'sink' },
      { id: '2nd-producer', label: 'Second', role: 'producer' },
    ];
    const odd = msg(9, '2nd-producer', 'end', 'Produce', 'x;y #z <i>');
    const run = trace(
      ...RUN_STEPS,
      [at('txn', '2nd-producer', 'begin')],
      [odd.send],
      [odd.lose],
      [at('crash', '2nd-producer', 'crash')],
    );
    // Without a title: Mermaid sanitises titles with DOMPurify, which needs a DOM that Node lacks.
    const text = toMermaid(participants, run);
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'sequence' });
    // The check has teeth: one unbalanced `end` is rejected.
    await expect(mermaid.parse(`${text}  end\n`)).rejects.toThrow(/Parse error/);
  });
});
