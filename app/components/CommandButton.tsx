import type { ReactNode } from 'react';
import { commandById, type CommandId } from '../commands.ts';
import { useCommand, usePlaygroundController } from '../playground/hooks.ts';
import { ariaKeys, withKeys } from '../presentation/shortcuts.ts';

interface Props {
  id: CommandId;
  /** A toggle button: `aria-pressed` says whether the command's switch is on. */
  toggle?: boolean;
  /** The pressed state of what the playground does not hold itself (the browser's fullscreen). */
  pressed?: boolean;
  /** Off whatever the command says (a speaker view with no main window to drive). */
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * A button for a command: its label and keys from the command list, enabled as the playground says, and
 * absent where the command does not exist. It subscribes to the command's two booleans, so it re-renders
 * only when the command turns on or off; a press goes through `execute`, as a key's does.
 */
export function CommandButton({ id, toggle, pressed, disabled, className, children }: Props) {
  const playground = usePlaygroundController();
  const { enabled, checked } = useCommand(id);
  if (!playground.offers(id)) return null;
  const command = commandById(id);
  return (
    <button
      type="button"
      className={className}
      aria-pressed={pressed ?? (toggle ? checked : undefined)}
      aria-keyshortcuts={ariaKeys(command.keys)}
      title={withKeys(command)}
      disabled={disabled || !enabled}
      onClick={() => playground.execute(id, 'button')}
    >
      {children}
    </button>
  );
}
