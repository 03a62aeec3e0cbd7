import type { Run } from './state/useRun.ts';
import type { PlaygroundState } from './state/store.ts';

/**
 * Playground commands as data: one list serves the buttons, the keyboard, the embed API and tests
 * (excalidraw's actions pattern). Fault injection on a message or node is the `act` command with the
 * action id that `enabledActions` offers.
 */

export interface CommandContext {
  state: PlaygroundState;
  run: Run;
}

export interface Command {
  id: 'next' | 'back' | 'play' | 'reset' | 'end';
  label: string;
  /** KeyboardEvent.key values that trigger it (single keys only when the playground has focus). */
  keys: string[];
  enabled(ctx: CommandContext): boolean;
  perform(ctx: CommandContext): void;
}

const canAdvance = ({ run }: CommandContext) => run.cursor < run.length || run.natural !== undefined;

export const COMMANDS: Command[] = [
  {
    id: 'next',
    label: 'Next step',
    keys: ['ArrowRight', 'n', 'PageDown', ' '],
    enabled: canAdvance,
    perform: ({ state, run }) => {
      if (run.cursor < run.length) state.seek(run.cursor + 1);
      else if (run.natural) state.choose(run.natural.id);
    },
  },
  {
    id: 'back',
    label: 'Step back',
    keys: ['ArrowLeft', 'b', 'PageUp'],
    enabled: ({ run }) => run.cursor > 0,
    perform: ({ state, run }) => state.seek(run.cursor - 1),
  },
  {
    id: 'play',
    label: 'Play or pause',
    keys: ['p', 'k'],
    enabled: (ctx) => ctx.state.playing || canAdvance(ctx),
    perform: ({ state }) => state.setPlaying(!state.playing),
  },
  {
    id: 'reset',
    label: 'Back to the start',
    keys: ['Home', 'r'],
    enabled: ({ run }) => run.cursor > 0,
    perform: ({ state }) => state.seek(0),
  },
  {
    id: 'end',
    label: 'To the last recorded step',
    keys: ['End'],
    enabled: ({ run }) => run.cursor < run.length,
    perform: ({ state, run }) => state.seek(run.length),
  },
];

export function commandById(id: Command['id']): Command {
  return COMMANDS.find((c) => c.id === id) as Command;
}

/** Applies an action the world offers (deliver, lose, hold, crash, restart, a timer, an app call). */
export function act({ state }: CommandContext, actionId: string): void {
  state.choose(actionId);
}
