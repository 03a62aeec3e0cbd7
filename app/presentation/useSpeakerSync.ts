import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { canRun, commandById } from '../commands.ts';
import { usePlaygroundStore, type PlaygroundState } from '../state/store.ts';
import type { Run } from '../state/useRun.ts';
import {
  channelName,
  envelope,
  mirroredState,
  newPresentationId,
  parseSpeakerMessage,
  speakerUrl,
  type MirroredState,
  type SpeakerMessage,
} from './speakerProtocol.ts';

const MIRRORED: ReadonlyArray<keyof MirroredState & keyof PlaygroundState> = [
  'source',
  'configOverride',
  'choices',
  'cursor',
  'overlay',
  'presenting',
  'playing',
];

/**
 * The main window's side of the speaker view: once a speaker view has said hello (on open or reload) it
 * answers it and announces every change of what the speaker view mirrors, performs the commands it sends,
 * and says goodbye when the page goes away. Returns how to open the speaker view, or undefined where
 * BroadcastChannel is missing.
 */
export function useSpeakerSync(run: Run): (() => void) | undefined {
  const store = usePlaygroundStore();
  const [id] = useState(newPresentationId);
  // The speaker's commands act on the run on screen; a layout effect keeps it current before any message.
  const latestRun = useRef(run);
  useLayoutEffect(() => {
    latestRun.current = run;
  });
  const supported = typeof BroadcastChannel !== 'undefined';

  useEffect(() => {
    if (!supported) return;
    const channel = new BroadcastChannel(channelName(id));
    const post = (m: SpeakerMessage) => channel.postMessage(envelope(m));
    const sendState = () => post({ type: 'state', state: mirroredState(store.getState()) });
    // Nothing is announced until a speaker view has said hello: without one, copying the run into a
    // message on every step (the choices can be hundreds of ids) was work for nobody.
    let heard = false;
    const unsubscribe = store.subscribe((s, prev) => {
      if (heard && MIRRORED.some((k) => s[k] !== prev[k])) sendState();
    });
    channel.onmessage = (e: MessageEvent) => {
      const m = parseSpeakerMessage(e.data);
      if (m?.type === 'hello') {
        heard = true;
        sendState();
      } else if (m?.type === 'command') {
        const command = commandById(m.id);
        const ctx = { state: store.getState(), run: latestRun.current };
        if (canRun(command, ctx)) command.perform(ctx);
      }
    };
    const bye = () => post({ type: 'bye' });
    window.addEventListener('pagehide', bye);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', bye);
      channel.close();
    };
  }, [id, store, supported]);

  const open = useCallback(() => {
    // A named window: pressing the button again brings the same speaker view back instead of a second one.
    const w = window.open(speakerUrl(location.href, id), `speaker-${id}`, 'popup,width=1100,height=760');
    if (!w)
      store
        .getState()
        .notify('The browser blocked the speaker view window: allow pop-ups for this page, then try again.');
  }, [id, store]);

  return supported ? open : undefined;
}
