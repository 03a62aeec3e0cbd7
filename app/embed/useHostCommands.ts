import { useEffect, useRef } from 'react';
import { usePlaygroundStore } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import { applyHostCommand } from './hostCommands.ts';
import { envelope, parseHostCommand } from './protocol.ts';

/**
 * Commands from the page around an iframe embed. Only the parent window may command it, and only from
 * `hostOrigin` when the `origin` parameter names one ('*' = any parent; null = none, after a bad
 * `origin` value). An `error` reply goes back to the sender's own origin (`event.origin`), never to '*'.
 * Messages of any other shape are ignored without a reply.
 */
export function useHostCommands(run: Run, hostOrigin: string | null | undefined): void {
  const store = usePlaygroundStore();
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    if (hostOrigin === undefined || hostOrigin === null || window.parent === window) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      if (hostOrigin !== '*' && event.origin !== hostOrigin) return;
      const command = parseHostCommand(event.data);
      if (!command) return;
      const error = applyHostCommand(command, store, latest.current);
      if (error) {
        store.getState().notify(error);
        window.parent.postMessage(envelope({ type: 'error', message: error }), event.origin);
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [hostOrigin, store]);
}
