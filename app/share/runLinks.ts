import {
  decodeRunLink,
  parseScenarioDocument,
  type ParseResult,
  RUN_LINK_VERSION,
  type RunLink,
  runLinkHash,
} from '../../src/links.ts';
import { scenarioById } from '../../src/catalog.ts';
import {
  documentedTopology,
  quote,
  type Scenario,
  type ScenarioConfigInput,
  type ScenarioDocument,
} from '../../src/index.ts';
import { resolveScenario } from '../state/scenario.ts';
import { checkRun } from '../state/worlds.ts';
import type { InitialState, PlaygroundState, PlaygroundStore, ScenarioSource } from '../state/store.ts';
import { isRunLink } from './useUrlSync.ts';

/**
 * Reading and writing `#run=1.<payload>` links (see src/share/runLink.ts), and parsing the scenario
 * documents they (and imported files) carry. Loaded on demand (app/lazy/modules.ts): a page needs it
 * only with a link to open, a document to read, or once its run has changed and the address is rewritten.
 */

// For an opened file's JSON (the picker): not yet known to be a document, it is not cached as below.
export { parseScenarioDocument };

/** What a notice adds when a link cannot be opened: the page stays on the default scenario. */
export const FALLBACK = 'The default scenario is shown instead.';

const parsed = new WeakMap<ScenarioDocument, ParseResult<Scenario>>();

/**
 * A document parsed once: parsing checks its script by playing it, and the same document object is
 * opened (a link checks it) and then resolved for the run; one Scenario object also lets the run's
 * history take over the replay that checked the link's choices.
 */
export function parsedDocument(doc: ScenarioDocument): ParseResult<Scenario> {
  let result = parsed.get(doc);
  if (!result) {
    result = parseScenarioDocument(doc);
    parsed.set(doc, result);
  }
  return result;
}

/** A scenario as a document, with its config replaced: how a link carries an edited configuration. */
export function documentWithConfig(scenario: Scenario, config: ScenarioConfigInput): ScenarioDocument {
  // `expected` describes the scenario's own config; with another config it may no longer hold.
  const {
    configInput: _input,
    config: _effective,
    expected: _expected,
    climax: _climax,
    producers: _producers,
    ...rest
  } = scenario;
  return { ...rest, ...documentedTopology(scenario), config };
}

type RunState = Pick<PlaygroundState, 'source' | 'configOverride' | 'choices' | 'cursor'>;

/** The link for a run: a built-in id when nothing was changed, else the whole document. */
export function runLinkOf(state: RunState): RunLink {
  const { source, configOverride, choices, cursor } = state;
  let scenario: RunLink['scenario'] = source.kind === 'builtin' ? source.id : source.doc;
  if (configOverride) {
    const resolved = resolveScenario(source, null);
    if (resolved.ok) scenario = documentWithConfig(resolved.scenario, configOverride);
  }
  return { v: RUN_LINK_VERSION, scenario, choices, step: cursor };
}

/** The hash (`#run=1.…`) for the store's current run. */
export function currentRunHash(store: PlaygroundStore): string {
  return runLinkHash(runLinkOf(store.getState()));
}

type Opened =
  | {
      ok: true;
      run: { source: ScenarioSource; choices: string[]; cursor: number };
      /** What the user should know although the link opened (a run that replays only in part). */
      notice?: string;
    }
  | { ok: false; message: string };

/** Decodes a link and checks that its scenario exists and its choices replay; never throws. */
export function openRunLink(hash: string): Opened {
  const decoded = decodeRunLink(hash);
  if (!decoded.ok)
    return { ok: false, message: `This link cannot be opened. ${decoded.errors[0]?.message ?? ''}` };
  const link = decoded.value;
  let scenario: Scenario;
  let source: ScenarioSource;
  if (typeof link.scenario === 'string') {
    const found = scenarioById(link.scenario);
    if (!found)
      return {
        ok: false,
        message: `This link names a scenario, ${quote(link.scenario)}, that this playground does not have (it may come from a newer version).`,
      };
    scenario = found;
    source = { kind: 'builtin', id: link.scenario };
  } else {
    const parsed = parsedDocument(link.scenario);
    if (!parsed.ok)
      return {
        ok: false,
        // The first few problems say what to fix; a notice is not the place for all twenty.
        message: `The scenario in this link is not valid: ${parsed.errors
          .slice(0, 3)
          .map((e) => e.message)
          .join('; ')
          .replace(/[^.!?]$/, '$&.')}`,
      };
    scenario = parsed.value;
    source = { kind: 'custom', doc: link.scenario };
  }
  // A link is only as good as its replay: a choice the world does not offer would break the page. The
  // replay is kept for the playground that shows the run (checkRun), so opening a link replays it once.
  const checked = checkRun(scenario, link.choices);
  if (checked.replayed < link.choices.length) {
    const i = checked.replayed;
    // The model moved on since the link was made (a new Kafka behaviour changes what happens): the steps
    // that still replay are the user's, so the link opens there rather than losing them all.
    return {
      ok: true,
      run: { source, choices: checked.choices, cursor: Math.min(link.step, i) },
      notice: `This link’s step ${i + 1} (${quote(link.choices[i])}) is not a choice ${quote(scenario.title)} offers at that point (the link may come from another version of the playground), so it opens at step ${i}, the last one that replays.`,
    };
  }
  return { ok: true, run: { source, choices: checked.choices, cursor: link.step } };
}

/**
 * What a page opens with, from its address: the linked run, or (for a link that cannot be opened) the
 * default scenario and a notice saying why. Called before the first render, in a task of its own:
 * replaying a long link and rendering it are then two tasks, neither blocking the page for long.
 */
export function initialFromLink(hash: string): InitialState {
  if (!isRunLink(hash)) return {};
  const result = openRunLink(hash);
  return result.ok
    ? { ...result.run, notice: result.notice ?? null }
    : { notice: `${result.message} ${FALLBACK}` };
}
