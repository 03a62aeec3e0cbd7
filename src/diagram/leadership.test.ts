import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import { runScenario } from '../sim/run.ts';
import { leaderLabels, type LeaderChange } from './leadership.ts';
import { buildDiagram, diagramUpTo } from './model.ts';

const brokers = (labels: { role: string; label: string }[]) =>
  labels.filter((l) => l.role === 'broker').map((l) => l.label);

describe('broker lane headers follow leadership', () => {
  const scenario = scenarioById('acks-1-failover-loss');
  if (!scenario) throw new Error('the failover scenario is gone');
  const world = runScenario(scenario);
  const model = buildDiagram(world.participants, world.steps);
  const failover = world.steps.find((s) => s.events.some((e) => e.kind === 'elect'))?.index ?? -1;

  it('name the first leader until the failover, then the new one and since when', () => {
    expect(failover).toBeGreaterThan(1);
    expect(brokers(diagramUpTo(model, 0).lifelines)).toEqual(['Broker 1 · leader', 'Broker 2', 'Broker 3']);
    expect(brokers(diagramUpTo(model, failover - 1).lifelines)).toEqual([
      'Broker 1 · leader',
      'Broker 2',
      'Broker 3',
    ]);
    const after = ['Broker 1', `Broker 2 · leader since step ${failover}`, 'Broker 3'];
    expect(brokers(diagramUpTo(model, failover).lifelines)).toEqual(after);
    // The whole run's model (the Mermaid export, the CLI's SVG) shows the leader at its end.
    expect(brokers(model.lifelines)).toEqual(after);
  });

  it('keep one lifelines array for every step with the same headers, so lanes redraw only on a change', () => {
    expect(diagramUpTo(model, 1).lifelines).toBe(diagramUpTo(model, failover - 1).lifelines);
    expect(diagramUpTo(model, failover).lifelines).toBe(model.lifelines);
  });

  it('say which partitions a broker leads when it leads only some, and nobody leads an offline one', () => {
    const plain = new Map([
      ['broker-1', 'Broker 1'],
      ['broker-2', 'Broker 2'],
    ]);
    const changes: LeaderChange[] = [
      { step: 0, partition: 'input-0', leader: 'broker-1' },
      { step: 0, partition: 'output-0', leader: 'broker-1' },
      { step: 7, partition: 'output-0', leader: 'broker-2' },
      { step: 9, partition: 'input-0', leader: null },
    ];
    expect([...leaderLabels(plain, changes, 8).values()]).toEqual([
      'Broker 1 · leader of input-0',
      'Broker 2 · leader of output-0 since step 7',
    ]);
    expect([...leaderLabels(plain, changes, 9).values()]).toEqual([
      'Broker 1',
      'Broker 2 · leader of output-0 since step 7',
    ]);
  });
});
