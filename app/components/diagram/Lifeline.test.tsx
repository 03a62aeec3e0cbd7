import { describe, expect, it } from 'vitest';
import type { EnabledAction } from '../../../src/index.ts';
import { LaneHeader, type LaneHeaderProps } from './Lifeline.tsx';

/** The comparison React makes before re-rendering a memoised lane header (memo's second argument). */
const rendersAgain = (a: LaneHeaderProps, b: LaneHeaderProps) =>
  !(LaneHeader as unknown as { compare: (a: LaneHeaderProps, b: LaneHeaderProps) => boolean }).compare(a, b);

const crash = {
  id: 'crash:consumer',
  kind: 'crash',
  node: 'consumer',
  label: 'Crash consumer',
} as EnabledAction;
const restart = {
  ...crash,
  id: 'restart:consumer',
  kind: 'restart',
  label: 'Restart consumer',
} as EnabledAction;
const onAct = () => {};
const header: LaneHeaderProps = {
  lane: { id: 'consumer', label: 'consumer', role: 'consumer', nodes: ['consumer'] },
  x: 400,
  width: 140,
  downLabels: '',
  actions: [crash],
  onAct,
};

describe('a lane header on a step that does not change its lane', () => {
  it('is not rendered again for fresh copies of the same lane and actions (the diagram builds them every step)', () => {
    expect(
      rendersAgain(header, {
        ...header,
        lane: { ...header.lane, nodes: ['consumer'] },
        actions: [{ ...crash }],
      }),
    ).toBe(false);
  });
  it('is rendered again when its node goes down, its buttons change, or it moves', () => {
    expect(rendersAgain(header, { ...header, downLabels: 'consumer', actions: [restart] })).toBe(true);
    expect(rendersAgain(header, { ...header, actions: [] })).toBe(true);
    expect(rendersAgain(header, { ...header, x: 420 })).toBe(true);
    expect(rendersAgain(header, { ...header, lane: { ...header.lane, label: 'consumer-1' } })).toBe(true);
    expect(rendersAgain(header, { ...header, lane: { ...header.lane, nodes: ['c1', 'c2'] } })).toBe(true);
  });
});
