import { useEffect, useState, type RefObject } from 'react';
import { openSpeakerWindow, speakerViewSupported } from '../presentation/speakerSync.ts';
import { fullscreenSupported, fullscreenTarget } from '../presentation/useFullscreen.ts';
import type { InitialState } from '../state/store.ts';
import { browserClock } from './clock.ts';
import { createPlayground, type Playground } from './playground.ts';

export interface PageOptions {
  initial?: InitialState;
  /** The full playground's presentation: presentation mode, and speaker views on this channel id. */
  presentation?: { speakerId: string };
}

/**
 * A playground on a page, made once: on the browser's clock, with what the page offers its commands —
 * fullscreen for `root` (the embed's own frame, not the host page), and for the full playground
 * presentation mode and a speaker view.
 */
export function usePagePlayground(root: RefObject<HTMLElement | null>, options: PageOptions): Playground {
  const [{ playground, fullscreen }] = useState(() => {
    const notify = (message: string) => playground.store.getState().notify(message);
    const fullscreen = fullscreenTarget(notify);
    const speakerId = options.presentation?.speakerId;
    const playground = createPlayground({
      initial: options.initial,
      clock: browserClock,
      host: {
        toggleFullscreen: fullscreenSupported() ? fullscreen.toggle : undefined,
        openSpeakerView:
          speakerId !== undefined && speakerViewSupported()
            ? () => openSpeakerWindow(speakerId, notify)
            : undefined,
        presentation: options.presentation !== undefined,
      },
    });
    return { playground, fullscreen };
  });
  useEffect(() => {
    const el = root.current;
    return el ? fullscreen.attach(el) : undefined;
  }, [root, fullscreen]);
  return playground;
}
