import type { ReactNode } from 'react';
import { availableIn, canRun, commandById, type CommandHost, type CommandId } from '../commands.ts';
import { usePlayground, usePlaygroundStore } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { ariaKeys, withKeys } from '../presentation/shortcuts.ts';

interface Props {
  id: CommandId;
  run: Run;
  host?: CommandHost;
  pressed?: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * A button for a command: its label and keys from the command list, enabled as the command says, and
 * absent where the host does not offer what the command needs. It subscribes to that one boolean, so it
 * re-renders only when the command turns on or off.
 */
export function CommandButton({ id, run, host, pressed, className, children }: Props) {
  const store = usePlaygroundStore();
  const command = commandById(id);
  const enabled = usePlayground((state) => canRun(command, { state, run, host }));
  if (!availableIn(command, host)) return null;
  return (
    <button
      type="button"
      className={className}
      aria-pressed={pressed}
      aria-keyshortcuts={ariaKeys(command.keys)}
      title={withKeys(command)}
      disabled={!enabled}
      onClick={() => command.perform({ state: store.getState(), run, host })}
    >
      {children}
    </button>
  );
}
