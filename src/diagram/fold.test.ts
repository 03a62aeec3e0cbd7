import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/run.ts';
import { isRoutineMessage } from '../lesson/beats.ts';
import { buildDiagram, diagramUpTo } from './model.ts';

const world = runScenario(scenarioById('alo-producer-ack-lost') as Scenario);
const brokers = new Set(world.participants.filter((p) => p.role === 'broker').map((p) => p.id));

describe('folding replication', () => {
  const full = buildDiagram(world.participants, world.steps);
  const folded = buildDiagram(world.participants, world.steps, { foldReplication: true });

  it('draws no arrow between two brokers, and keeps every other arrow', () => {
    const between = (a: { from: string; to: string }) => brokers.has(a.from) && brokers.has(a.to);
    expect(full.arrows.some(between)).toBe(true);
    expect(folded.arrows.filter(between)).toEqual([]);
    expect(folded.arrows.map((a) => a.messageId)).toEqual(
      full.arrows.filter((a) => !between(a)).map((a) => a.messageId),
    );
    expect(folded.rows).toBeLessThan(full.rows * 0.7);
  });

  it('sums each run of replication up in one note that says who copied what and the high watermark', () => {
    const notes = folded.notes.filter((n) => n.kind === 'replication');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]?.text).toBe('Broker 2 and broker 3 copy up to offset 0 · high watermark 0');
    // The high watermark the followers learn moves on in a later run, once the leader has seen them.
    expect(notes.map((n) => n.text)).toContain(
      'Broker 2 and broker 3 copy up to offset 1 · high watermark 1',
    );
  });

  it('a cut before the run ends shows what had happened by then, not the end of it', () => {
    const note = folded.notes.find((n) => n.kind === 'replication');
    const firstUpdate = note?.updates?.[0];
    expect(firstUpdate).toBeDefined();
    const early = diagramUpTo(folded, firstUpdate?.step ?? 0).notes.find((n) => n.id === note?.id);
    expect(early?.text).toBe(firstUpdate?.text);
    expect(early?.text).not.toBe(note?.text);
  });
});

describe('folding routine exchanges', () => {
  const full = buildDiagram(world.participants, world.steps);
  const folded = buildDiagram(world.participants, world.steps, { foldRoutine: true });
  const routine = new Set(['OffsetFetch', 'OffsetFetchResponse', 'OffsetCommitResponse']);

  it('draws no start-up exchange nor plain ok, and keeps every other arrow', () => {
    expect(full.arrows.some((a) => routine.has(a.name))).toBe(true);
    expect(folded.arrows.filter((a) => routine.has(a.name))).toEqual([]);
    expect(folded.arrows.map((a) => a.id)).toEqual(
      full.arrows.filter((a) => !routine.has(a.name)).map((a) => a.id),
    );
  });

  it('says in words what each folded run did, and which messages it stands for', () => {
    const notes = folded.notes.filter((n) => n.kind === 'routine');
    expect(notes[0]?.text).toBe('The consumer has no committed offset yet');
    expect(notes.map((n) => n.text)).toContain('The group coordinator confirms the commit');
    const folds = notes.flatMap((n) => n.fold?.messages ?? []);
    expect(folds.sort()).toEqual(
      full.arrows
        .filter((a) => routine.has(a.name))
        .map((a) => a.messageId)
        .sort(),
    );
  });

  it('never folds an answer that carries an error', () => {
    expect(isRoutineMessage('OffsetCommitResponse', 'ok')).toBe(true);
    expect(isRoutineMessage('OffsetCommitResponse', 'UNSTABLE_OFFSET_COMMIT')).toBe(false);
    expect(isRoutineMessage('ProduceResponse', 'offset=0')).toBe(false);
  });

  it('an expanded fold draws its messages under its note, which keeps its id; the others stay folded', () => {
    const first = folded.notes.find((n) => n.kind === 'routine');
    const open = buildDiagram(world.participants, world.steps, {
      foldRoutine: true,
      expanded: new Set([first?.id ?? '']),
    });
    const note = open.notes.find((n) => n.id === first?.id);
    expect(note?.fold?.expanded).toBe(true);
    const drawn = open.arrows.filter((a) => routine.has(a.name));
    expect(drawn.map((a) => a.messageId).sort()).toEqual([...(first?.fold?.messages ?? [])].sort());
    for (const a of drawn) expect(a.row).toBeGreaterThan(note?.row ?? Infinity);
    expect(open.notes.filter((n) => n.kind === 'routine').map((n) => n.id)).toEqual(
      folded.notes.filter((n) => n.kind === 'routine').map((n) => n.id),
    );
  });
});
