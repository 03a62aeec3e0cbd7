import { describe, expect, it } from 'vitest';
import type { ConsumerContext } from '../machines/consumer.ts';
import { currentPosition } from '../machines/consumerPositions.ts';
import { scenarioById } from '../scenarios/index.ts';
import { NODE } from '../scenarios/nodeIds.ts';
import type { Scenario } from '../scenarios/types.ts';
import { buildLanes, laneGroups } from '../diagram/lanes.ts';
import { codeListing } from '../lesson/listing.ts';
import { deliverySemantics } from '../lesson/semantics.ts';
import { outcome } from './ledger.ts';
import { runScenario, runToRest } from './run.ts';
import { enabledActions, step } from './step.ts';
import { createWorld, isDown, partOf, type World } from './world.ts';

/** `processing: worker-thread`: the poll loop hands its records to a worker thread of its own process. */

const LESSON = scenarioById('amo-auto-commit-worker-thread') as Scenario;
/** The lesson's configuration without its script: the natural path alone. */
const { script: _script, climax: _climax, expected: _expected, ...UNSCRIPTED } = LESSON;

const consumerOf = (w: World) => partOf(w, NODE.consumer, 'consumer')?.context as ConsumerContext;
const actionsOf = (w: World) => enabledActions(w).map((a) => a.id);

/** The natural path up to (not including) the step whose action is `id`. */
function naturalUntil(s: Scenario, id: string): World {
  let w = createWorld(s);
  for (let i = 0; i < 500; i++) {
    const next = enabledActions(w).find((a) => a.natural)?.id;
    if (!next || next === id) return w;
    w = step(w, next);
  }
  throw new Error(`${id} never came`);
}

describe('a consumer with a worker thread', () => {
  it('is its own lifeline, right after the consumer, sharing its lane when collapsed', () => {
    const w = createWorld(UNSCRIPTED);
    const ids = w.participants.map((p) => p.id);
    expect(ids[ids.indexOf(NODE.consumer) + 1]).toBe(NODE.worker);
    const groups = laneGroups(w.participants);
    expect(groups.find((g) => g.nodes.includes(NODE.worker))?.nodes).toEqual([NODE.consumer, NODE.worker]);
    const lanes = buildLanes(w.participants, true);
    expect(lanes.filter((l) => l.nodes.includes(NODE.worker))).toHaveLength(1);
    expect(lanes.find((l) => l.nodes.includes(NODE.worker))?.nodes).toEqual([NODE.consumer, NODE.worker]);
  });

  it('on the natural path, processes every record once: the worker catches up before anyone crashes', () => {
    const o = outcome(runToRest(createWorld(UNSCRIPTED)));
    expect(o.ledger.map((r) => [r.record, r.delivered, r.processed, r.effects])).toEqual([
      ['m1', 1, 1, 1],
      ['m2', 1, 1, 1],
      ['m3', 1, 1, 1],
      ['m4', 1, 1, 1],
    ]);
    expect(o.summary.risk).toBe('none');
    expect(o.invariants.ok).toBe(true);
  });

  it('hands records over in one visible step, with the records named', () => {
    const w = naturalUntil(UNSCRIPTED, 'app:consumer:submit');
    const handed = step(w, 'app:consumer:submit');
    const e = handed.steps.at(-1)?.events.find((x) => x.kind === 'handoff');
    expect(e).toMatchObject({ from: NODE.consumer, to: NODE.worker, summary: 'm1, m2, m3, m4' });
  });

  it('is never crashed on its own: only its process is', () => {
    const w = createWorld(UNSCRIPTED);
    expect(actionsOf(w)).toContain('crash:consumer');
    expect(actionsOf(w)).not.toContain(`crash:${NODE.worker}`);
  });

  it('dies with its process and starts again with it', () => {
    const w = step(naturalUntil(UNSCRIPTED, `timer:${NODE.worker}:processed`), 'crash:consumer');
    expect(isDown(w, NODE.worker)).toBe(true);
    expect(actionsOf(w)).not.toContain(`restart:${NODE.worker}`);
    expect(actionsOf(w).some((id) => id.startsWith(`timer:${NODE.worker}`))).toBe(false);
    const up = step(w, 'restart:consumer');
    expect(isDown(up, NODE.worker)).toBe(false);
    expect(up.violations).toEqual([]);
  });
});

describe('the lesson: auto-commit with a worker thread', () => {
  const world = runScenario(LESSON);
  const o = outcome(world);

  it('commits offset 4 while the worker has finished m1 only, then resumes past m2–m4', () => {
    expect(o.partitions[0]?.committedOffsets).toEqual({ 'app-group': 4 });
    expect(currentPosition(consumerOf(world))).toBe(4);
    expect(o.ledger.map((r) => r.effects)).toEqual([1, 0, 0, 0]);
    // Kafka holds all four and handed each to the application once: the loss is outside Kafka.
    expect(o.ledger.map((r) => r.offsets)).toEqual([[0], [1], [2], [3]]);
    expect(o.ledger.map((r) => r.delivered)).toEqual([1, 1, 1, 1]);
    expect(o.summary.risk).toBe('loss');
  });

  it('its settings look like at-least-once, yet the consumer hop is at-most-once', () => {
    const semantics = deliverySemantics(LESSON);
    expect(semantics.producer.family).toBe('at-least-once');
    expect(semantics.consumer.family).toBe('at-most-once');
    expect(semantics.consumer.guarantee).toContain('at-most-once in practice');
    expect(semantics.caveats.map((c) => c.kind)).toContain('loss');
  });

  it('shows the hand-off loop in the code panel, its submit line tagged as the trace names the call', () => {
    const consumer = codeListing(LESSON).programs.find((p) => p.nodes.includes(NODE.consumer));
    const submit = consumer?.lines.find((l) => l.call === 'submit');
    expect(submit?.text).toContain('executor.submit(() -> process(record))');
    expect(world.steps.some((s) => s.action === 'app:consumer:submit')).toBe(true);
    expect(consumer?.lines.some((l) => l.call === 'process')).toBe(false);
  });
});
