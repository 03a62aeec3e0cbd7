import { useEffect, useRef } from 'react';
import {
  decodeRunLink,
  documentedTopology,
  quote,
  RUN_LINK_VERSION,
  type RunLink,
  runLinkHash,
  type Scenario,
  scenarioById,
  type ScenarioConfigInput,
  type ScenarioDocument,
} from '../../src/index.ts';
import { parsedDocument, resolveScenario } from '../state/scenario.ts';
import { checkRun } from '../state/worlds.ts';
import {
  type InitialState,
  type PlaygroundState,
  type PlaygroundStore,
  type ScenarioSource,
} from '../state/store.ts';
import { usePlaygroundStore } from '../playground/hooks.ts';
import { idleWrites, type IdleTimers } from './idleWrites.ts';

/**
 * The address bar holds the run: `#run=1.<payload>` (see src/share/runLink.ts). A link is read once on
 * load, before the first render (initialFromLink), and again if someone edits the hash by hand; from then
 * on every change of scenario, config, choices or cursor rewrites it with history.replaceState, so
 * stepping does not fill the history.
 *
 * The rewrite waits for an idle moment: encoding a long run (JSON, then lz-string) and replaceState take
 * milliseconds that would otherwise sit between a press of Next and the next paint. Changes in between are coalesced
 * into one write of the latest state, and a long run's writes are spaced so that they take a bounded share
 * of the main thread (idleWrites.ts); Copy link never reads the address bar, it encodes the store.
 */

const RUN_HASH = /^#?run=/;
const FALLBACK = 'The default scenario is shown instead.';

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
  if (!RUN_HASH.test(hash)) return {};
  const result = openRunLink(hash);
  return result.ok
    ? { ...result.run, notice: result.notice ?? null }
    : { notice: `${result.message} ${FALLBACK}` };
}

/** The browser's timers: idle callbacks (a timer where there are none), timeouts and the page's clock. */
const pageTimers: IdleTimers = {
  whenIdle(task) {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(task, { timeout: 500 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(task, 50);
    return () => clearTimeout(id);
  },
  after(ms, task) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
  now: () => performance.now(),
};

/** Keeps location.hash and the run in step (the page opened with initialFromLink). Call once, in the top-level App. */
export function useUrlSync(): void {
  const store = usePlaygroundStore();
  const written = useRef<string | null>(null);

  useEffect(() => {
    const open = (hash: string) => {
      if (!RUN_HASH.test(hash)) return;
      const result = openRunLink(hash);
      const { restore, notify } = store.getState();
      if (result.ok) {
        restore(result.run);
        notify(result.notice ?? null);
      } else notify(`${result.message} ${FALLBACK}`);
    };
    const writes = idleWrites(() => {
      const hash = currentRunHash(store);
      written.current = hash;
      if (location.hash !== hash) history.replaceState(history.state, '', hash);
    }, pageTimers);

    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.source !== prev.source ||
        s.configOverride !== prev.configOverride ||
        s.choices !== prev.choices ||
        s.cursor !== prev.cursor
      )
        writes.schedule();
    });
    // A hash edited by hand or a followed link; never the hash we have just written.
    const onHashChange = () => {
      if (location.hash !== written.current) open(location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    // The page loses focus when the user clicks into the address bar (to copy the link) or leaves the tab:
    // a write held back behind a slow one happens now, so what they copy is the step they see.
    const flush = () => writes.flush();
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    return () => {
      writes.cancel();
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
    };
  }, [store]);
}
