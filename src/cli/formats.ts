/**
 * What the headless runner can print. A format turns a finished run into text; the core formats live
 * here, and an entry point may add more (the SVG format needs React, which src/ never imports, so
 * app/static/sim.ts passes it in: see runner.ts).
 */
import { toMermaid } from '../diagram/mermaid.ts';
import { verdictOf } from '../lesson/verdict.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import type { World } from '../sim/world.ts';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** A run as the playground holds one: the whole recorded timeline, and the step the viewer is at. */
export interface CliRun {
  scenario: Scenario;
  /** The world after every choice of the run. */
  last: World;
  /** The world at the cursor. */
  world: World;
  /** How many steps are shown: all of them unless `--step` cut the run. */
  cursor: number;
  /** How many steps the run has. */
  length: number;
}

export interface FormatOptions {
  theme: Theme;
}

export interface OutputFormat {
  name: string;
  /** One line for the usage text. */
  describe: string;
  /** Whether `--theme` means anything to it. */
  themed?: boolean;
  render(run: CliRun, options: FormatOptions): string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export const CORE_FORMATS: readonly OutputFormat[] = [
  {
    name: 'outcome',
    describe: 'logs, offsets, ledger and the layered verdict at the cursor, as JSON (the default)',
    render: ({ world }) => {
      const result = outcome(world);
      return json({ ...result, verdict: verdictOf(world, result) });
    },
  },
  {
    name: 'trace',
    describe: 'the participants and every step up to the cursor, as JSON',
    render: ({ world }) => json({ participants: world.participants, steps: world.steps }),
  },
  {
    name: 'mermaid',
    describe: 'a Mermaid sequenceDiagram, the same text as the playground’s Share menu',
    render: (run) =>
      toMermaid(run.last.participants, run.last.steps, {
        upToStep: run.cursor,
        title: `${run.scenario.title} (step ${run.cursor} of ${run.length})`,
      }),
  },
];
