import type { Playground } from '../playground/playground.ts';
import { loadScenario } from './hostCommands.ts';
import { envelope, parseHostCommand } from './protocol.ts';

/** What the adapter needs of the iframe's window: its messages, and its parent to answer. */
export type HostFacingWindow = Pick<Window, 'addEventListener' | 'removeEventListener'> & {
  parent: Pick<Window, 'postMessage'>;
};

/**
 * Commands from the page around an iframe embed, through the playground's `execute` like a button's.
 * Only the parent window may command it, and only from `hostOrigin` when the `origin` parameter names
 * one ('*' = any parent). An `error` reply goes back to the sender's own origin (`event.origin`), never
 * to '*'. Messages of any other shape are ignored without a reply.
 */
export function bindHostMessages(
  playground: Playground,
  win: HostFacingWindow,
  hostOrigin: string,
): () => void {
  // Not in a frame: there is no parent to listen to.
  if ((win.parent as unknown) === win) return () => {};
  const onMessage = (event: MessageEvent) => {
    if (event.source !== win.parent) return;
    if (hostOrigin !== '*' && event.origin !== hostOrigin) return;
    const command = parseHostCommand(event.data);
    if (!command) return;
    if (command.type === 'setTheme') {
      playground.store.getState().setTheme(command.theme);
      return;
    }
    if (command.type !== 'load') {
      playground.execute(command.type, 'host');
      return;
    }
    const error = loadScenario(playground.store, command.scenario);
    if (error) {
      playground.store.getState().notify(error);
      win.parent.postMessage(envelope({ type: 'error', message: error }), event.origin);
    }
  };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}
