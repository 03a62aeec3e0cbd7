/// <reference lib="webworker" />
import {
  documentOf,
  explore,
  labVariant,
  mergeRanges,
  naturalPath,
  parseScenarioDocument,
  runLinkHash,
  runRange,
  underPreset,
  type RangeResult,
  type Scenario,
  type LabConfig,
  type ScenarioDocument,
} from '../../src/index.ts';
import type { ExploreRequest, LabSliceRequest, WorkerReply, WorkerRequest } from './protocol.ts';

/** One lab worker: a slice of a Monte-Carlo lab, or one explorer search, reporting progress as it goes. */

/** Runs computed between two progress messages: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_CHUNK = 25;

const post = (reply: WorkerReply) => self.postMessage(reply);

function scenarioOf(doc: ScenarioDocument): Scenario {
  const parsed = parseScenarioDocument(doc);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

function labSlice(request: LabSliceRequest): void {
  const scenario = scenarioOf(request.doc);
  const ranges: Partial<Record<LabConfig, RangeResult>> = {};
  let done = 0;
  for (const semantics of request.semantics) {
    const path = naturalPath(labVariant(scenario, semantics));
    const chunks: RangeResult[] = [];
    for (let from = request.from; from < request.to; from += PROGRESS_CHUNK) {
      const to = Math.min(request.to, from + PROGRESS_CHUNK);
      chunks.push(runRange(path, request.model, request.seed, from, to));
      done += to - from;
      post({ kind: 'lab-progress', done });
    }
    ranges[semantics] = mergeRanges(chunks);
  }
  post({ kind: 'lab-done', ranges });
}

function search(request: ExploreRequest): void {
  const loaded = scenarioOf(request.doc);
  // As the CLI does: a preset's variant, or the scenario's own configuration without its script.
  const scenario = request.semantics ? underPreset(loaded, request.semantics) : { ...loaded, script: [] };
  const result = explore(scenario, request.guarantee, {
    maxFaults: request.maxFaults,
    alphabet: { crashes: request.crashes },
    onProgress: ({ states, level }) => post({ kind: 'explore-progress', states, level }),
  });
  const found = result.counterexample;
  const link = found
    ? runLinkHash({ v: 1, scenario: documentOf(scenario), choices: found.choices, step: found.decisiveStep })
    : null;
  post({ kind: 'explore-done', result, link });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    if (event.data.kind === 'lab') labSlice(event.data);
    else search(event.data);
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
