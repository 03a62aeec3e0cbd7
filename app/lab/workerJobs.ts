import { type Scenario, type ScenarioDocument } from '../../src/index.ts';
import {
  documentOf,
  exploreShare,
  labVariant,
  naturalPath,
  runShare,
  underPreset,
  type ShareResult,
  type LabConfig,
} from '../../src/analysis.ts';
import { parseScenarioDocument, runLinkHash } from '../../src/links.ts';
import type { ExploreRequest, LabShareRequest, WorkerReply, WorkerRequest } from './protocol.ts';

/**
 * What a lab worker does with one request: a share of a Monte-Carlo lab, or of an explorer search,
 * reporting progress as it goes through `post`. Apart from labWorker.ts, which binds it to the worker's
 * messages, so that tests can answer requests in their own thread as a worker would.
 */

/** Runs done between two progress messages: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_CHUNK = 25;

/** Posts a reply; `transfer` lists the buffers handed over rather than copied. */
type Post = (reply: WorkerReply, transfer?: Transferable[]) => void;

function scenarioOf(doc: ScenarioDocument): Scenario {
  const parsed = parseScenarioDocument(doc);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

function labShare(request: LabShareRequest, post: Post): void {
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

function search(request: ExploreRequest, post: Post): void {
  const loaded = scenarioOf(request.doc);
  // As the CLI does: a preset's variant, or the scenario's own configuration without its script.
  const scenario = request.semantics ? underPreset(loaded, request.semantics) : { ...loaded, script: [] };
  const share = exploreShare(
    scenario,
    request.guarantee,
    {
      maxFaults: request.maxFaults,
      alphabet: { crashes: request.crashes },
      onProgress: (progress) => post({ kind: 'explore-progress', ...progress }),
    },
    request.share,
  );
  const found = share.result.counterexample;
  const link = found
    ? runLinkHash({ v: 1, scenario: documentOf(scenario), choices: found.choices, step: found.decisiveStep })
    : null;
  // A share's last level can hold millions of worlds: its arrays are handed over, not copied.
  post({ kind: 'explore-done', share, link }, [share.lastLevel.hashes.buffer, share.lastLevel.runs.buffer]);
}

export function answer(request: WorkerRequest, post: Post): void {
  try {
    if (request.kind === 'lab') labShare(request, post);
    else search(request, post);
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
