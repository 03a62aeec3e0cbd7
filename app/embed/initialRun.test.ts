import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/index.ts';
import { runLinkHash } from '../../src/links.ts';
import { scenarioById } from '../../src/catalog.ts';
import { initialRun } from './initialRun.ts';
import { DEFAULT_OPTIONS } from './params.ts';

const ID = 'alo-producer-ack-lost';
const scripted = runScenario(scenarioById(ID) as Scenario).steps.map((s) => s.action);

describe('initialRun', () => {
  it('without a link: the scenario’s scripted run, at `step`', () => {
    const { run, issues } = initialRun({ ...DEFAULT_OPTIONS, scenario: ID, step: 3 }, '');
    expect(issues).toEqual([]);
    expect(run).toEqual({ source: { kind: 'builtin', id: ID }, choices: scripted, cursor: 3 });
    expect(scripted.some((c) => c.startsWith('lose:'))).toBe(true);
  });

  it('clamps a step past the end, and says so', () => {
    const { run, issues } = initialRun({ ...DEFAULT_OPTIONS, step: 10_000 }, '');
    expect(run.cursor).toBe(scripted.length);
    expect(issues[0]).toMatchObject({ param: 'step' });
    expect(issues[0]?.message).toContain(`showing step ${scripted.length}`);
  });

  it('with a run link: that exact run; `step` moves its cursor', () => {
    const hash = runLinkHash({ v: 1, scenario: ID, choices: scripted.slice(0, 4), step: 2 });
    expect(initialRun(DEFAULT_OPTIONS, hash).run).toEqual({
      source: { kind: 'builtin', id: ID },
      choices: scripted.slice(0, 4),
      cursor: 2,
    });
    expect(initialRun({ ...DEFAULT_OPTIONS, step: 4 }, hash).run.cursor).toBe(4);
  });

  it('a broken link falls back to the scenario parameter, with a message', () => {
    const { run, issues } = initialRun({ ...DEFAULT_OPTIONS, scenario: ID }, '#run=1.garbage');
    expect(run.source).toEqual({ kind: 'builtin', id: ID });
    expect(issues[0]?.param).toBe('#run');
    expect(issues[0]?.message).toMatch(/cannot be opened/);
  });
});
