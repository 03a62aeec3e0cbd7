import type { Playground } from '../playground/playground.ts';
import type { PlaygroundState } from '../state/store.ts';
import {
  channelName,
  envelope,
  mirroredState,
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
  'view',
  'compareTick',
  'compareOwnConfig',
];

export const speakerViewSupported = (): boolean => typeof BroadcastChannel !== 'undefined';

/**
 * The main window's side of the speaker view: once a speaker view has said hello (on open or reload) it
 * answers it and announces every change of what the speaker view mirrors, executes the commands it sends
 * as if pressed here, and says goodbye when the page goes away (`pagehide` on `win`).
 */
export function bindSpeakerViews(playground: Playground, id: string, win?: Window): () => void {
  const { store } = playground;
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
    } else if (m?.type === 'command') playground.execute(m.id, 'speaker');
  };
  const bye = () => post({ type: 'bye' });
  win?.addEventListener('pagehide', bye);
  return () => {
    unsubscribe();
    win?.removeEventListener('pagehide', bye);
    channel.close();
  };
}

/** Opens (or brings back: the window is named) the speaker view of presentation `id`. */
export function openSpeakerWindow(id: string, notify: (message: string) => void): void {
  const w = window.open(speakerUrl(location.href, id), `speaker-${id}`, 'popup,width=1100,height=760');
  if (!w) notify('The browser blocked the speaker view window: allow pop-ups for this page, then try again.');
}
