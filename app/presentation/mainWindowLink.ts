import type { Executor, Playground } from '../playground/playground.ts';
import {
  channelName,
  envelope,
  parseSpeakerMessage,
  SPEAKER_COMMANDS,
  type MirroredState,
  type SpeakerCommand,
} from './speakerProtocol.ts';

export type MainWindowStatus = 'waiting' | 'connected' | 'closed';

export interface MainWindowLink {
  /** The speaker view's executor: a command it can run goes to the main window, which runs it there. */
  executor: Executor;
  /**
   * Says hello, then mirrors every state the main window announces into `playground` (whose run is then
   * recomputed from scenario, config, choices and cursor), and reports the main window's status.
   */
  mirror(playground: Playground, onStatus: (status: MainWindowStatus) => void): () => void;
}

const isSpeakerCommand = (id: string): id is SpeakerCommand =>
  (SPEAKER_COMMANDS as readonly string[]).includes(id);

/** The speaker view's side of the channel of presentation `id`. */
export function mainWindowLink(id: string): MainWindowLink {
  let channel: BroadcastChannel | null = null;
  return {
    executor: (command) => {
      if (isSpeakerCommand(command)) channel?.postMessage(envelope({ type: 'command', id: command }));
    },
    mirror(playground, onStatus) {
      const { store } = playground;
      const ch = new BroadcastChannel(channelName(id));
      channel = ch;
      const mirror = (next: MirroredState) => {
        const cur = store.getState();
        // Messages arrive as fresh objects: keep the current scenario object when it is the same scenario,
        // so the replay cache is reused and a step costs one step, not a replay from the start.
        // The same goes for the choices: a new list is another run, whose Compare starts again at tick 0.
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        const sameChoices =
          cur.choices.length === next.choices.length && cur.choices.every((c, i) => c === next.choices[i]);
        store.setState({
          ...next,
          choices: sameChoices ? cur.choices : next.choices,
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
          onStatus('connected');
        } else if (m?.type === 'bye') onStatus('closed');
      };
      ch.postMessage(envelope({ type: 'hello' }));
      return () => {
        ch.close();
        channel = null;
      };
    },
  };
}
