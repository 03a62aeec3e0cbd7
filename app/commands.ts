import { backCursor, type Move } from '../src/index.ts';
import type { CompareState } from './compare/comparison.ts';
import { compareStepping, inCompare } from './compare/stepping.ts';
import { PRESENT_SCALE, type PlaygroundState } from './state/store.ts';
import type { Run } from './playground/run.ts';
import { verdictPending } from './state/verdictGate.ts';

/**
 * Playground commands as data: one list serves the buttons, the keyboard, the help overlay, the speaker
 * view, the embed API and tests (excalidraw's actions pattern). Fault injection on a message or node is
 * the `act` command with the action id that `enabledActions` offers.
 */

/**
 * What only the page around the playground can do: the DOM's fullscreen, a second window, presentation
 * mode. A command that needs one (its `needs`) does not exist where the host does not offer it (an embed,
 * an API call, a browser without the Fullscreen API): no key, no button, no line in the help.
 */
export interface CommandHost {
  toggleFullscreen?: () => void;
  openSpeakerView?: () => void;
  /** The full playground's presentation mode (large type, hidden panels); an embed has none. */
  presentation?: boolean;
}

export interface CommandContext {
  state: PlaygroundState;
  run: Run;
  host?: CommandHost;
  /** The run's comparison, asked only while the Compare view shows (its stepping commands move it). */
  comparison?: () => CompareState | null;
  /**
   * Next's move from a run (src's nextMove), worked out once per run: the playground works it out at an
   * idle moment ahead of the press, and the press records the very choices it derived its run from.
   */
  nextMove: (run: Run) => Move | null;
}

export type CommandGroup = 'Stepping' | 'Presenting' | 'Help';

export type CommandId =
  | 'next'
  | 'back'
  | 'play'
  | 'reset'
  | 'end'
  | 'present'
  | 'panels'
  | 'fullscreen'
  | 'blackout'
  | 'bigger'
  | 'smaller'
  | 'speaker'
  | 'help'
  | 'shortcuts'
  | 'leave';

export interface Command {
  id: CommandId;
  label: string;
  group: CommandGroup;
  /**
   * KeyboardEvent.key values that trigger it (letters in lower case; Caps Lock and Shift still match).
   * Single characters act only while single-key shortcuts are on; named keys (arrows, PageDown, Escape)
   * always do, so a clicker keeps working.
   */
  keys: string[];
  /** What the host must offer for the command to exist there at all: its key, its button, its help line. */
  needs?: keyof CommandHost;
  enabled(ctx: CommandContext): boolean;
  perform(ctx: CommandContext): void;
  /** For a command that switches something on and off: whether it is on now (a toggle button's state). */
  checked?(ctx: CommandContext): boolean;
}

/**
 * Cheap on purpose (buttons ask at every render): recorded steps, a lesson beat, or a natural step left;
 * in Compare, a tick left.
 */
const canAdvance = (ctx: CommandContext) => {
  if (inCompare(ctx)) return compareStepping.canNext(ctx);
  const { run, state } = ctx;
  return (
    run.cursor < run.length ||
    run.natural !== undefined ||
    (run.position.onLesson && (run.lesson?.beatEnds.some((e) => e > run.cursor) ?? false)) ||
    verdictPending(run, state)
  );
};

/**
 * Next shows one beat: the lesson's next beat while the run follows it (its scripted faults included),
 * otherwise one significant step and the routine ones after it.
 */
export function performNext(ctx: CommandContext): number | null {
  if (inCompare(ctx)) {
    compareStepping.next(ctx);
    return ctx.run.cursor;
  }
  const { state, run } = ctx;
  // A lesson that ended on its point: the press after the callout brings the verdict.
  if (verdictPending(run, state)) {
    state.askVerdict();
    return run.cursor;
  }
  const move = ctx.nextMove(run);
  if (!move) return null;
  if (move.kind === 'seek') state.seek(move.cursor);
  else state.record(move.choices, move.cursor);
  return move.cursor;
}
const presenting = ({ state }: CommandContext) => state.presenting;

export const COMMANDS: Command[] = [
  {
    id: 'next',
    label: 'Next step',
    group: 'Stepping',
    // reveal.js and Slidev's keys; clickers send PageDown.
    keys: ['ArrowRight', 'PageDown', ' ', 'n'],
    enabled: canAdvance,
    perform: performNext,
  },
  {
    id: 'back',
    label: 'Step back',
    group: 'Stepping',
    keys: ['ArrowLeft', 'PageUp'],
    enabled: (ctx) => (inCompare(ctx) ? compareStepping.canBack(ctx) : ctx.run.cursor > 0),
    perform: (ctx) => (inCompare(ctx) ? compareStepping.back(ctx) : ctx.state.seek(backCursor(ctx.run))),
  },
  {
    id: 'play',
    label: 'Play or pause',
    group: 'Stepping',
    keys: ['p', 'k'],
    enabled: (ctx) => ctx.state.playing || canAdvance(ctx),
    perform: ({ state }) => state.setPlaying(!state.playing),
    checked: ({ state }) => state.playing,
  },
  {
    id: 'reset',
    label: 'Back to the start',
    group: 'Stepping',
    keys: ['Home', 'r'],
    enabled: (ctx) => (inCompare(ctx) ? compareStepping.canBack(ctx) : ctx.run.cursor > 0),
    perform: (ctx) => (inCompare(ctx) ? compareStepping.reset(ctx) : ctx.state.seek(0)),
  },
  {
    id: 'end',
    label: 'To the last recorded step',
    group: 'Stepping',
    keys: ['End'],
    enabled: (ctx) => (inCompare(ctx) ? compareStepping.canNext(ctx) : ctx.run.cursor < ctx.run.length),
    perform: (ctx) => (inCompare(ctx) ? compareStepping.end(ctx) : ctx.state.seek(ctx.run.length)),
  },
  {
    id: 'present',
    label: 'Presentation mode on or off',
    group: 'Presenting',
    keys: ['m'],
    needs: 'presentation',
    enabled: () => true,
    perform: ({ state }) => state.setPresenting(!state.presenting),
    checked: presenting,
  },
  {
    id: 'panels',
    label: 'Show or hide the panels',
    group: 'Presenting',
    keys: ['h'],
    needs: 'presentation',
    enabled: () => true,
    perform: ({ state }) => state.setPanelsHidden(!state.panelsHidden),
    checked: ({ state }) => !state.panelsHidden,
  },
  {
    id: 'fullscreen',
    label: 'Fullscreen on or off',
    group: 'Presenting',
    keys: ['f'],
    needs: 'toggleFullscreen',
    enabled: () => true,
    perform: ({ host }) => host?.toggleFullscreen?.(),
  },
  {
    id: 'blackout',
    label: 'Black out the screen (any key returns)',
    group: 'Presenting',
    keys: ['b', '.'],
    enabled: () => true,
    perform: ({ state }) => state.setOverlay(state.overlay === 'blackout' ? null : 'blackout'),
    checked: ({ state }) => state.overlay === 'blackout',
  },
  {
    id: 'bigger',
    label: 'Larger type',
    group: 'Presenting',
    keys: ['+', '='],
    needs: 'presentation',
    enabled: (ctx) => presenting(ctx) && ctx.state.presentScale < PRESENT_SCALE.max,
    perform: ({ state }) => state.setPresentScale(state.presentScale + PRESENT_SCALE.step),
  },
  {
    id: 'smaller',
    label: 'Smaller type',
    group: 'Presenting',
    keys: ['-'],
    needs: 'presentation',
    enabled: (ctx) => presenting(ctx) && ctx.state.presentScale > PRESENT_SCALE.min,
    perform: ({ state }) => state.setPresentScale(state.presentScale - PRESENT_SCALE.step),
  },
  {
    id: 'speaker',
    label: 'Open the speaker view',
    group: 'Presenting',
    keys: ['s'],
    needs: 'openSpeakerView',
    enabled: () => true,
    perform: ({ host }) => host?.openSpeakerView?.(),
  },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    group: 'Help',
    keys: ['?'],
    enabled: () => true,
    perform: ({ state }) => state.setOverlay(state.overlay === 'help' ? null : 'help'),
    checked: ({ state }) => state.overlay === 'help',
  },
  {
    id: 'shortcuts',
    label: 'Single-key shortcuts on or off',
    group: 'Help',
    // No key of its own: a single key could not switch single keys back on.
    keys: [],
    enabled: () => true,
    perform: ({ state }) => state.setShortcuts(!state.shortcuts),
    checked: ({ state }) => state.shortcuts,
  },
  {
    id: 'leave',
    label: 'Close the overlay, then leave presentation mode',
    group: 'Help',
    keys: ['Escape'],
    enabled: ({ state }) => state.overlay !== null || state.presenting,
    perform: ({ state }) => {
      if (state.overlay) state.setOverlay(null);
      else state.setPresenting(false);
    },
  },
];

/** Whether the command exists where the playground runs (an embed has no presentation mode…). */
export const availableIn = (command: Command, host: CommandHost | undefined): boolean =>
  command.needs === undefined || Boolean(host?.[command.needs]);

export function commandById(id: CommandId): Command {
  return COMMANDS.find((c) => c.id === id) as Command;
}

/** Letters, digits, punctuation and Space: the keys WCAG 2.1.4 lets the user switch off. */
export const isCharacterKey = (key: string): boolean => key.length === 1;

/** The command a key press triggers, if any; single characters only while `shortcuts` is on. */
export function commandForKey(key: string, shortcuts: boolean): Command | undefined {
  if (isCharacterKey(key) && !shortcuts) return undefined;
  const normal = isCharacterKey(key) ? key.toLowerCase() : key;
  return COMMANDS.find((c) => c.keys.includes(normal));
}
