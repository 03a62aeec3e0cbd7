import { describe, expect, it } from 'vitest';
import type { Arrow, DiagramModel } from './model.ts';
import { arrowViews } from './views.ts';

const arrow = (id: string, from: string, to: string, row: number, endRow?: number): Arrow => ({
  id,
  kind: 'request',
  from,
  to,
  fromIndex: 0,
  toIndex: 1,
  name: id,
  summary: '',
  sentStep: 1,
  status: endRow === undefined ? 'in-flight' : 'delivered',
  row,
  ...(endRow === undefined ? {} : { endRow, endStep: 2 }),
});

const model = (arrows: Arrow[]): DiagramModel => ({
  lifelines: [],
  arrows,
  notes: [],
  spans: [],
  rows: 10,
  leadership: { changes: [], plainLabels: new Map() },
});
const x = new Map([
  ['producer', 100],
  ['broker-1', 300],
  ['broker-2', 500],
  ['followers', 500],
]);

describe('arrowViews', () => {
  it('marks a reply that leaves where its request arrived, and nothing else', () => {
    const views = arrowViews(
      model([
        arrow('produce', 'producer', 'broker-1', 0, 1),
        arrow('response', 'broker-1', 'producer', 1, 2),
        arrow('later', 'broker-1', 'producer', 4),
      ]),
      x,
      new Map(),
    );
    expect(views.map((v) => [v.id, v.wedge])).toEqual([
      ['produce', false],
      ['response', true],
      ['later', false],
    ]);
  });

  it('an arrow that leaves to the other side continues the line: no wedge', () => {
    // The producer's request reaches broker-1, which passes something on to broker-2, further right.
    const views = arrowViews(
      model([arrow('in', 'producer', 'broker-1', 0, 1), arrow('on', 'broker-1', 'broker-2', 1, 2)]),
      x,
      new Map(),
    );
    expect(views[1]?.wedge).toBe(false);
  });

  it('matches lanes, not nodes: a collapsed follower replies from the shared lane', () => {
    const views = arrowViews(
      model([arrow('fetch', 'broker-1', 'broker-2', 0, 1), arrow('reply', 'broker-3', 'broker-1', 1, 2)]),
      x,
      new Map([
        ['broker-2', 'followers'],
        ['broker-3', 'followers'],
      ]),
    );
    expect(views[1]?.wedge).toBe(true);
  });
});
