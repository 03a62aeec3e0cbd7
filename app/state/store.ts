import { createStore, type StoreApi } from 'zustand/vanilla';
import { OPENING_SCENARIO, type ScenarioConfigInput, type ScenarioDocument } from '../../src/index.ts';

/**
 * UI state only: which scenario, the user's choices and where the cursor is (the run), playback,
 * selection, panels. Everything about the simulation is derived from (scenario, choices) elsewhere.
 */

export type ScenarioSource = { kind: 'builtin'; id: string } | { kind: 'custom'; doc: ScenarioDocument };
export type Theme = 'auto' | 'light' | 'dark';
export const VIEWS = ['diagram', 'log', 'compare', 'lab'] as const;
export type View = (typeof VIEWS)[number];
/** What covers the playground in presentation: the shortcut help, or a black screen. */
export type Overlay = 'help' | 'blackout' | null;

/** Presentation mode's type scale: the factor the diagram and the panels grow by. */
export const PRESENT_SCALE = { min: 1, max: 2.5, step: 0.25, initial: 1.75 } as const;

export interface PlaygroundState {
  source: ScenarioSource;
  /** The config panel's or a preset's edits, on top of the scenario's own config. */
  configOverride: ScenarioConfigInput | null;
  choices: string[];
  cursor: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  theme: Theme;
  view: View;
  selectedMessage: number | null;
  /** A message for the user (a broken link, a refused config…), shown until dismissed. */
  notice: string | null;
  /** Presentation mode: large type and thick lines for a room. */
  presenting: boolean;
  /** How much larger presentation mode draws everything (see PRESENT_SCALE). */
  presentScale: number;
  /** The sidebar and most of the top bar hidden, so the diagram fills the screen. */
  panelsHidden: boolean;
  overlay: Overlay;
  /** Whether single-character shortcuts (letters, Space, ?) act; named keys (arrows, PageDown…) always do. */
  shortcuts: boolean;
  /**
   * The run (its choices, by identity) and cursor at which Next asked for the verdict: a lesson that ends
   * on its point keeps the card closed until then (see verdictWaits). Any other run or step is unasked.
   */
  verdictAsked: { choices: readonly string[]; cursor: number } | null;
  /** Where the Compare view's columns stand: a tick of their lockstep (src/sim/compare.ts), all at once. */
  compareTick: number;
  /** Whether Compare adds a column for this run's own configuration beside the three presets. */
  compareOwnConfig: boolean;

  loadScenario(source: ScenarioSource): void;
  setConfig(config: ScenarioConfigInput | null): void;
  /**
   * Take an action at the cursor: redo if it is the recorded next choice, otherwise fork (the recorded
   * steps it replaces are kept as the branch to go back to).
   */
  choose(actionId: string): void;
  /** Record several choices at once (a beat of Next), replacing what was recorded after the cursor. */
  record(choices: string[], cursor: number): void;
  /** The run the user last left (a fork's dropped steps, or the lesson's place), one action away. */
  branch: { choices: string[]; cursor: number } | null;
  /** Go to another run (back to the lesson), keeping this one as the branch to return to. */
  leaveFor(choices: string[], cursor: number): void;
  /** Swap the current run and the kept branch. */
  swapBranch(): void;
  seek(cursor: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  setTheme(theme: Theme): void;
  setView(view: View): void;
  select(messageId: number | null): void;
  notify(notice: string | null): void;
  /** Opens a run; a speaker view mirroring its main window passes the config override too. */
  restore(run: {
    source: ScenarioSource;
    choices: string[];
    cursor: number;
    configOverride?: ScenarioConfigInput | null;
  }): void;
  setPresenting(presenting: boolean): void;
  setPresentScale(scale: number): void;
  setPanelsHidden(hidden: boolean): void;
  setOverlay(overlay: Overlay): void;
  setShortcuts(on: boolean): void;
  /** Next at rest, on a lesson that ended on its point: open the verdict. */
  askVerdict(): void;
  setCompareTick(tick: number): void;
  setCompareOwnConfig(on: boolean): void;
}

// The lesson bundled with the first load (src/scenarios/opening.ts); the others come with the catalog.
export const DEFAULT_SCENARIO = OPENING_SCENARIO.id;

/** What a playground starts with: the defaults, or an embed's query parameters / attributes. */
export type InitialState = Partial<
  Pick<
    PlaygroundState,
    | 'source'
    | 'choices'
    | 'cursor'
    | 'playing'
    | 'speed'
    | 'theme'
    | 'view'
    | 'presenting'
    | 'shortcuts'
    | 'notice'
  >
>;

export type PlaygroundStore = StoreApi<PlaygroundState>;

/**
 * One store per playground instance, so two embeds on a page (or a page and its speaker view) never
 * share a cursor.
 */
export const createPlaygroundStore = (initial: InitialState = {}): PlaygroundStore =>
  createStore<PlaygroundState>()((set) => ({
    source: { kind: 'builtin', id: DEFAULT_SCENARIO },
    configOverride: null,
    choices: [],
    cursor: 0,
    branch: null,
    playing: false,
    speed: 2,
    theme: 'auto',
    view: 'diagram',
    selectedMessage: null,
    notice: null,
    presenting: false,
    presentScale: PRESENT_SCALE.initial,
    panelsHidden: false,
    overlay: null,
    shortcuts: true,
    verdictAsked: null,
    compareTick: 0,
    compareOwnConfig: false,
    ...initial,

    loadScenario: (source) =>
      set({
        source,
        configOverride: null,
        choices: [],
        cursor: 0,
        branch: null,
        playing: false,
        selectedMessage: null,
      }),
    setConfig: (configOverride) =>
      set({ configOverride, choices: [], cursor: 0, branch: null, playing: false, selectedMessage: null }),
    choose: (actionId) =>
      set((s) =>
        s.choices[s.cursor] === actionId
          ? { cursor: s.cursor + 1 }
          : {
              choices: [...s.choices.slice(0, s.cursor), actionId],
              cursor: s.cursor + 1,
              selectedMessage: null,
              // A fork over recorded steps keeps them, one action away, instead of dropping them silently.
              branch:
                s.cursor < s.choices.length ? { choices: s.choices, cursor: s.choices.length } : s.branch,
            },
      ),
    record: (choices, cursor) => set({ choices, cursor, selectedMessage: null }),
    leaveFor: (choices, cursor) =>
      set((s) => ({
        choices,
        cursor,
        branch: { choices: s.choices, cursor: s.cursor },
        selectedMessage: null,
      })),
    swapBranch: () =>
      set((s) =>
        s.branch
          ? {
              choices: s.branch.choices,
              cursor: s.branch.cursor,
              branch: { choices: s.choices, cursor: s.cursor },
              selectedMessage: null,
            }
          : {},
      ),
    seek: (cursor) =>
      set((s) => ({
        cursor: Math.max(0, Math.min(cursor, s.choices.length)),
        selectedMessage: null,
        verdictAsked: null,
      })),
    setPlaying: (playing) => set({ playing }),
    setSpeed: (speed) => set({ speed }),
    setTheme: (theme) => set({ theme }),
    setView: (view) => set({ view }),
    select: (selectedMessage) => set({ selectedMessage }),
    notify: (notice) => set({ notice }),
    restore: ({ source, choices, cursor, configOverride = null }) =>
      set({ source, configOverride, choices, cursor, branch: null, playing: false, selectedMessage: null }),
    // Entering presentation hides the panels (the diagram fills the screen); leaving brings them back.
    setPresenting: (presenting) => set({ presenting, panelsHidden: presenting, overlay: null }),
    setPresentScale: (scale) =>
      set({ presentScale: Math.max(PRESENT_SCALE.min, Math.min(PRESENT_SCALE.max, scale)) }),
    setPanelsHidden: (panelsHidden) => set({ panelsHidden }),
    setOverlay: (overlay) => set({ overlay }),
    setShortcuts: (shortcuts) => set({ shortcuts }),
    askVerdict: () => set((s) => ({ verdictAsked: { choices: s.choices, cursor: s.cursor } })),
    setCompareTick: (compareTick) => set({ compareTick: Math.max(0, compareTick) }),
    setCompareOwnConfig: (compareOwnConfig) => set({ compareOwnConfig }),
  }));
