import { scenarioById } from '../../src/catalog.ts';
import { type Scenario, tryRunScenario } from '../../src/index.ts';
import { openRunLink } from '../share/runLinks.ts';
import { provideStaticModules } from './staticModules.ts';
import type { ScenarioSource } from '../state/store.ts';
import type { EmbedOptions, ParamIssue } from './params.ts';

/**
 * What an embed shows first. A `#run=1.…` hash (what "Copy embed code" writes) carries the scenario, every
 * choice and the step, so it reproduces a run exactly; without one, the embed shows the scenario's own
 * story: its scripted faults and the natural steps around them, recorded in advance so Next, `step=` and
 * autoplay walk through it (an embed with `controls=0` has no other way to reach the fault).
 */

const cache = new WeakMap<Scenario, string[]>();

/** The action ids of the scenario's scripted run (what the CLI and `play` do), computed once. */
export function scriptedChoices(scenario: Scenario): string[] {
  let choices = cache.get(scenario);
  if (!choices) {
    const played = tryRunScenario(scenario);
    // A custom document whose script cannot be played (a config override may prevent it): it can still
    // be stepped by hand.
    choices = played.ok ? played.world.steps.map((s) => s.action) : [];
    cache.set(scenario, choices);
  }
  return choices;
}

export interface InitialRun {
  source: ScenarioSource;
  choices: string[];
  cursor: number;
}

/** The scripted run of a scenario, at `step` (clamped to its length, with a note when it had to be). */
export function scriptedRun(
  source: ScenarioSource,
  scenario: Scenario,
  step: number | null,
  issues: ParamIssue[] = [],
): InitialRun {
  const choices = scriptedChoices(scenario);
  return { source, choices, cursor: clampStep(step, choices.length, issues) };
}

function clampStep(step: number | null, length: number, issues: ParamIssue[]): number {
  if (step === null) return 0;
  if (step > length)
    issues.push({
      param: 'step',
      message: `step=${step} is past the end of this run (${length} steps); showing step ${length}.`,
    });
  return Math.min(step, length);
}

export function initialRun(options: EmbedOptions, hash: string): { run: InitialRun; issues: ParamIssue[] } {
  // Every embed starts here: from now on its playground resolves any scenario or document synchronously.
  provideStaticModules();
  const issues: ParamIssue[] = [];
  if (/^#?run=/.test(hash)) {
    const opened = openRunLink(hash);
    if (opened.ok) {
      if (opened.notice) issues.push({ param: '#run', message: opened.notice });
      const { source, choices, cursor } = opened.run;
      const at = options.step === null ? cursor : clampStep(options.step, choices.length, issues);
      return { run: { source, choices, cursor: at }, issues };
    }
    issues.push({ param: '#run', message: `${opened.message} Showing “${options.scenario}” instead.` });
  }
  const scenario = scenarioById(options.scenario) as Scenario;
  return {
    run: scriptedRun({ kind: 'builtin', id: options.scenario }, scenario, options.step, issues),
    issues,
  };
}
