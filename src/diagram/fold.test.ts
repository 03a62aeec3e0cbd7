import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/run.ts';
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
    expect(notes.map((n) => n.text)).toContain('Broker 2 and broker 3 copy up to offset 1 · high watermark 1');
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
