/**
 * `npm run sim -- lab …` and `npm run sim -- explore …`: the Monte-Carlo lab and the counterexample
 * explorer, headless. Same results as the playground's lab page for the same scenario, seed and bounds.
 */
import { costsMarkdown } from '../lab/costs.ts';
import { explore, noCounterexample, type ExploreResult } from '../lab/explore.ts';
import { describeFault } from '../lab/faults.ts';
import { GUARANTEES } from '../lab/guarantees.ts';
import { runLab } from '../lab/lab.ts';
import { documentOf, toCsv, toMarkdown, type LabReport } from '../lab/labReport.ts';
import { underPreset } from '../lab/variants.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runLinkHash } from '../share/runLink.ts';
import { parseExploreArgs, parseLabArgs } from './labArgs.ts';

export const LAB_USAGE = `Usage: npm run sim -- lab <scenario.json | scenario id> [options]
  --runs <n>               runs per semantics (default 1000)
  --seed <s>               the seed (default 1): same seed, same results
  --loss <p>               probability that the network loses a request or a response (default 0)
  --request-loss <p>, --response-loss <p>   the same for requests or responses only
  --broker-crash <p>       per step, probability that a broker crashes (it restarts later)
  --processing-crash <p>   probability that the consumer crashes right after processing, before its commit
  --timeout <p>            probability that a response comes after the client's request.timeout.ms
  --semantics <a,b>        at-most-once, at-least-once, exactly-once (default all three), as-written
                           (the scenario's own settings)
  --format <json|csv|md>   the whole report as JSON, or the comparison table as CSV or Markdown
  -o, --output <file>      write to the file instead of stdout`;

export const EXPLORE_USAGE = `Usage: npm run sim -- explore <scenario.json | scenario id> [options]
  --guarantee <g>          ${Object.keys(GUARANTEES).join(', ')} (default no-duplicates)
  --faults <k>             search every schedule of up to k faults (default 2, at most 5; one fault
                           fewer, said in the result, where the worlds to branch from outgrow memory)
  --crashes <all|brokers>  whose crashes are faults (default all: clients and brokers)
  --semantics <s>          explore the scenario under a preset instead of its own configuration
  --max-states <n>         stop after n states (default 10,000,000) and say the search is incomplete
  --format <json|md>       the result as JSON, or a sentence and the schedule in Markdown
  -o, --output <file>      write to the file instead of stdout`;

export interface CommandOutput {
  text: string;
  output: string | undefined;
}

export function labCommand(argv: readonly string[], load: (source: string) => Scenario): CommandOutput {
  const args = parseLabArgs(argv, LAB_USAGE);
  const scenario = load(args.source);
  const report = runLab(scenario, {
    runs: args.runs,
    seed: args.seed,
    model: args.model,
    ...(args.semantics ? { semantics: args.semantics } : {}),
  });
  const text =
    args.format === 'csv'
      ? toCsv(report)
      : args.format === 'md'
        ? `${toMarkdown(report)}\n${costsMarkdown(report, scenario)}`
        : json(withoutValues(report));
  return { text, output: args.output };
}

/** The JSON report without every run's values (the distributions' summaries stay). */
function withoutValues(report: LabReport): unknown {
  return {
    ...report,
    configs: report.configs.map((c) => ({
      ...c,
      costs: Object.fromEntries(Object.entries(c.costs).map(([k, { values: _values, ...d }]) => [k, d])),
    })),
  };
}

export function exploreCommand(argv: readonly string[], load: (source: string) => Scenario): CommandOutput {
  const args = parseExploreArgs(argv, EXPLORE_USAGE);
  const loaded = load(args.source);
  const scenario = args.semantics ? underPreset(loaded, args.semantics) : { ...loaded, script: [] };
  const result = explore(scenario, args.guarantee, {
    maxFaults: args.faults,
    alphabet: { crashes: args.crashes },
    maxStates: args.maxStates,
  });
  const link = result.counterexample
    ? runLinkHash({
        v: 1,
        scenario: documentOf(scenario),
        choices: result.counterexample.choices,
        step: result.counterexample.decisiveStep,
      })
    : undefined;
  const text =
    args.format === 'md'
      ? markdown(result, link)
      : json({ ...result, ...(link ? { link } : {}), summary: summary(result) });
  return { text, output: args.output };
}

/** One line: the counterexample's sentence, or that there is none within the bound. */
function summary(r: ExploreResult): string {
  const states = `${r.states.toLocaleString('en')} states`;
  if (r.counterexample)
    return `${r.counterexample.sentence} (${r.counterexample.faults} ${r.counterexample.faults === 1 ? 'fault' : 'faults'}; ${states} explored)`;
  return noCounterexample(r, states);
}

function markdown(r: ExploreResult, link: string | undefined): string {
  const lines = [`**${r.guarantee}** (${GUARANTEES[r.guarantee]}): ${summary(r)}`];
  if (r.counterexample) {
    lines.push('', ...r.counterexample.schedule.map((f, i) => `${i + 1}. ${describeFault(f)}`));
    lines.push('', `Decisive step: ${r.counterexample.decisiveStep}.${link ? ` Open it: ${link}` : ''}`);
  }
  if (r.restless) lines.push('', `${r.restless.count} runs never came to rest (a livelock of the model).`);
  return lines.join('\n') + '\n';
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
