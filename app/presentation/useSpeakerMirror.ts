import { useCallback, useEffect, useRef, useState } from 'react';
import { usePlaygroundStore } from '../state/store.ts';
import {
  channelName,
  envelope,
  parseSpeakerMessage,
  type MirroredState,
  type SpeakerCommand,
} from './speakerProtocol.ts';

export type MainWindowStatus = 'waiting' | 'connected' | 'closed';

/**
 * The speaker view's side: it says hello, mirrors every state the main window announces into its own
 * store (the run is then recomputed here from scenario, config, choices and cursor), notices the main
 * window going away, and sends commands to it.
 */
export function useSpeakerMirror(id: string): {
  status: MainWindowStatus;
  send: (command: SpeakerCommand) => void;
} {
  const store = usePlaygroundStore();
  const [status, setStatus] = useState<MainWindowStatus>('waiting');
  const channel = useRef<BroadcastChannel | null>(null);

  useEffect(() => {
    const ch = new BroadcastChannel(channelName(id));
    channel.current = ch;
    const mirror = (next: MirroredState) => {
      const cur = store.getState();
      // Messages arrive as fresh objects: keep the current scenario object when it is the same scenario,
      // so the replay cache is reused and a step costs one step, not a replay from the start.
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      store.setState({
        ...next,
        source: same(cur.source, next.source) ? cur.source : next.source,
        configOverride: same(cur.configOverride, next.configOverride)
          ? cur.configOverride
          : next.configOverride,
      });
    };
    ch.onmessage = (e: MessageEvent) => {
      const m = parseSpeakerMessage(e.data);
      if (m?.type === 'state') {
        mirror(m.state);
        setStatus('connected');
      } else if (m?.type === 'bye') setStatus('closed');
    };
    ch.postMessage(envelope({ type: 'hello' }));
    return () => {
      ch.close();
      channel.current = null;
    };
  }, [id, store]);

  const send = useCallback((command: SpeakerCommand) => {
    channel.current?.postMessage(envelope({ type: 'command', id: command }));
  }, []);

  return { status, send };
}
