import { nextMove, type Move, type Scenario } from '../../src/index.ts';
import type { CompareState, ComparisonKey } from '../compare/comparison.ts';
import { comparisonModule } from '../lazy/modules.ts';
import {
  availableIn,
  commandById,
  type CommandContext,
  type CommandHost,
  type CommandId,
} from '../commands.ts';
import { resolveScenario } from '../state/scenario.ts';
import { createPlaygroundStore, type InitialState, type PlaygroundStore } from '../state/store.ts';
import { RunHistory } from '../state/worlds.ts';
import type { Clock } from './clock.ts';
import { deriveRun, type Run } from './run.ts';

/** Where a command came from: adapters name themselves, so an executor can tell them apart. */
export type CommandSource = 'button' | 'key' | 'host' | 'speaker' | 'clock';

/**
 * Who carries out a command the playground has found it can run. By default the command's own
 * `perform`, here; the speaker view's is the channel to its main window, which performs it there.
 */
export type Executor = (id: CommandId, ctx: CommandContext, source: CommandSource) => void;

export const performHere: Executor = (id, ctx) => commandById(id).perform(ctx);

export interface PlaygroundOptions {
  initial?: InitialState;
  /** What the page around it offers (fullscreen, a speaker view, presentation mode); nothing by default. */
  host?: CommandHost;
  clock: Clock;
  /** The commands this playground has at all (the speaker view sends only a few); every one by default. */
  commands?: readonly CommandId[];
  executor?: Executor;
}

export interface Playground {
  /** UI state only: scenario, choices, cursor, playback, overlays. */
  readonly store: PlaygroundStore;
  readonly host: CommandHost;
  readonly clock: Clock;
  /** The run derived from the store's scenario, config, choices and cursor; the same object until they change. */
  run(): Run;
  /**
   * The run Next will go to, derived now if no idle moment has yet (null when it has nowhere to go): what
   * a view prepares ahead of the press. The press then finds it as run() (the very object, or a copy with
   * the store's own equal choices when Next records new steps).
   */
  ahead(): Run | null;
  /**
   * The run's faults under each semantics, for the Compare view and its commands; the same object until
   * the run changes or another column is in (columns are replayed one per task, on the clock). Null
   * until Compare's code has loaded (app/lazy/modules.ts): asking fetches it, and listeners hear when.
   */
  comparison(): CompareState | null;
  /** Called after every change of the store (and so of the run). */
  subscribe(listener: () => void): () => void;
  /** Whether the command exists here at all: this playground has it, and the host offers what it needs. */
  offers(id: CommandId): boolean;
  /** Whether the command exists here and can run now. */
  can(id: CommandId): boolean;
  /** Whether a command that switches something on and off has it on. */
  checked(id: CommandId): boolean;
  /** The one place a command is checked and carried out; says whether it was. */
  execute(id: CommandId, source: CommandSource): boolean;
}

/**
 * A playground without React: its store, the run derived from it, and the commands. Keys, host messages,
 * the speaker channel and the play loop are adapters over it; React binds to it with selectors.
 */
export function createPlayground({
  initial,
  host = {},
  clock,
  commands,
  executor = performHere,
}: PlaygroundOptions): Playground {
  const store = createPlaygroundStore(initial);
  const history = new RunHistory();
  const offered = commands ? new Set(commands) : null;

  let scenarioKey: { source: unknown; override: unknown; scenario: Scenario } | null = null;
  const scenarioOf = (): Scenario => {
    const { source, configOverride } = store.getState();
    if (scenarioKey?.source !== source || scenarioKey.override !== configOverride) {
      const resolved = resolveScenario(source, configOverride);
      scenarioKey = {
        source,
        override: configOverride,
        scenario: resolved.ok ? resolved.scenario : resolved.fallback,
      };
    }
    return scenarioKey.scenario;
  };

  let cached: Run | null = null;
  /** Next's move from each run, worked out once: ahead of the press (prepareNext), or by the press. */
  const moves = new WeakMap<Run, Move | null>();
  const moveFrom = (r: Run): Move | null => {
    let move = moves.get(r);
    if (move === undefined) moves.set(r, (move = nextMove(r)));
    return move;
  };
  /** The run Next will go to from `aheadOf`, derived at an idle moment before the press (prepareNext). */
  let ahead: Run | null = null;
  let aheadOf: Run | null = null;
  /**
   * The run derived ahead, if it is the run at (scenario, choices, cursor): Next records the very choices
   * the run ahead was derived from (moveFrom), so the same array says the same run.
   */
  const aheadAt = (scenario: Scenario, choices: readonly string[], cursor: number): Run | null =>
    ahead?.scenario === scenario && ahead.choices === choices && ahead.cursor === cursor ? ahead : null;
  const run = (): Run => {
    const scenario = scenarioOf();
    const { choices, cursor } = store.getState();
    if (cached?.scenario !== scenario || cached.choices !== choices || cached.cursor !== cursor)
      cached = aheadAt(scenario, choices, cursor) ?? deriveRun(history, scenario, choices, cursor);
    return cached;
  };

  // A column's replay is done outside any store change: its listeners are told as the store's are.
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  let comparisonOf: ((key: ComparisonKey) => CompareState) | undefined;
  // Compare's code loads with its view (or when the page is idle): until then there is no comparison,
  // and asking for one fetches it and tells the listeners when it has come.
  const comparison = (): CompareState | null => {
    const code = comparisonModule.loaded();
    if (!code) {
      void comparisonModule.preload().then(changed);
      return null;
    }
    comparisonOf ??= code.createComparisons(clock, changed);
    const { choices, cursor, compareOwnConfig } = store.getState();
    return comparisonOf({ scenario: scenarioOf(), choices, cursor, ownConfig: compareOwnConfig });
  };
  // Another run is another comparison: its columns start again from the first tick.
  store.subscribe((s, prev) => {
    if (
      s.compareTick !== 0 &&
      (s.source !== prev.source ||
        s.configOverride !== prev.configOverride ||
        s.choices !== prev.choices ||
        s.cursor !== prev.cursor)
    )
      s.setCompareTick(0);
  });

  // Next's run is derived at an idle moment ahead of the press, which then finds it ready instead of
  // spending its time before its paint: the world it seeks to through recorded steps (after Back, or a
  // link opened part way) replayed, or the steps it records (a free-play beat, the lesson's next beat)
  // taken, and the run there derived (its enabled actions, its beat). A press of something else cuts the
  // history back to the world on screen (RunHistory.truncate), without a replay.
  let cancelAhead: (() => void) | null = null;
  const prepareNext = (): Run | null => {
    const current = run();
    if (aheadOf !== current) {
      const move = moveFrom(current);
      const choices = move?.kind === 'record' ? move.choices : current.choices;
      ahead = move ? deriveRun(history, current.scenario, choices, move.cursor) : null;
      aheadOf = current;
    }
    return ahead;
  };
  const scheduleAhead = () => {
    cancelAhead?.();
    cancelAhead = clock.idle(() => {
      cancelAhead = null;
      prepareNext();
    });
  };
  scheduleAhead();
  store.subscribe((s, prev) => {
    if (
      s.choices !== prev.choices ||
      s.cursor !== prev.cursor ||
      s.source !== prev.source ||
      s.configOverride !== prev.configOverride
    )
      scheduleAhead();
  });

  const context = (): CommandContext => ({
    state: store.getState(),
    run: run(),
    host,
    comparison,
    nextMove: moveFrom,
  });
  const offers = (id: CommandId): boolean => (offered?.has(id) ?? true) && availableIn(commandById(id), host);
  const can = (id: CommandId): boolean => offers(id) && commandById(id).enabled(context());

  return {
    store,
    host,
    clock,
    run,
    ahead: prepareNext,
    comparison,
    subscribe(listener) {
      listeners.add(listener);
      const unsubscribe = store.subscribe(listener);
      return () => {
        listeners.delete(listener);
        unsubscribe();
      };
    },
    offers,
    can,
    checked: (id) => commandById(id).checked?.(context()) ?? false,
    execute(id, source) {
      if (!can(id)) return false;
      executor(id, context(), source);
      return true;
    },
  };
}
