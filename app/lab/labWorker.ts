/// <reference lib="webworker" />
import {
  documentOf,
  explore,
  labVariant,
  naturalPath,
  parseScenarioDocument,
  runLinkHash,
  runShare,
  underPreset,
  type ShareResult,
  type Scenario,
  type LabConfig,
  type ScenarioDocument,
} from '../../src/index.ts';
import type { ExploreRequest, LabShareRequest, WorkerReply, WorkerRequest } from './protocol.ts';

/** One lab worker: a share of a Monte-Carlo lab, or one explorer search, reporting progress as it goes. */

/** Runs done between two progress messages: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_CHUNK = 25;

const post = (reply: WorkerReply) => self.postMessage(reply);

function scenarioOf(doc: ScenarioDocument): Scenario {
  const parsed = parseScenarioDocument(doc);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

function labShare(request: LabShareRequest): void {
  const scenario = scenarioOf(request.doc);
  const shares: Partial<Record<LabConfig, ShareResult>> = {};
  let before = 0;
  for (const semantics of request.semantics) {
    const path = naturalPath(labVariant(scenario, semantics));
    const share = runShare(path, request.model, request.seed, request.runs, request.share, {
      onRun: (done) => {
        if (done % PROGRESS_CHUNK === 0) post({ kind: 'lab-progress', done: before + done });
      },
    });
    before += share.runs.length;
    post({ kind: 'lab-progress', done: before });
    shares[semantics] = share;
  }
  post({ kind: 'lab-done', shares });
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
    if (event.data.kind === 'lab') labShare(event.data);
    else search(event.data);
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
