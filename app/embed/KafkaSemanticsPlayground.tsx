import { useMemo, useState, type CSSProperties } from 'react';
import { EmbedPlayer } from './EmbedPlayer.tsx';
import { ShadowFrame } from './ShadowFrame.tsx';
import { initialRun } from './initialRun.ts';
import { parseEmbedParams } from './params.ts';
import type { EmbedEvent } from './protocol.ts';

export interface KafkaSemanticsPlaygroundProps {
  /** A built-in scenario id, e.g. "alo-producer-ack-lost". */
  scenario?: string;
  /** The step to open at (0 = before the first step). */
  step?: number;
  /** Play when first on screen. */
  autoplay?: boolean;
  /** Steps per second while playing, 0.25–16. */
  speed?: number;
  /** Show the playback bar (default true). */
  controls?: boolean;
  theme?: 'light' | 'dark' | 'auto';
  view?: 'diagram' | 'log' | 'compare';
  /** The most a `resize` event asks for, in CSS pixels (default 720); beyond it the diagram scrolls inside. */
  maxHeight?: number;
  /** A run link's hash (`#run=1.…`, from "Copy link"): that exact run instead of the scenario's story. */
  run?: string;
  /** The protocol's events (ready, step, outcome, resize, error) as plain objects. */
  onEvent?: (event: EmbedEvent) => void;
  /** The full playground's address, for an "Open in the playground" link. */
  playgroundUrl?: string;
  className?: string;
  /** Defaults to `width: 100%`, 16:10 and at least 480 px tall, so the page does not jump while it animates. */
  style?: CSSProperties;
}

// Its height (16:10 of the width, at least 480 px) comes from the shadow root's :host rules (shadowCss.ts).
const FRAME: CSSProperties = { width: '100%' };

/**
 * The embedded player as a React component, for React docs sites (render it on the client only). It
 * draws inside a shadow root with its own styles, so it neither takes nor gives CSS to the page.
 */
export function KafkaSemanticsPlayground(props: KafkaSemanticsPlaygroundProps) {
  const { scenario, step, autoplay, speed, controls, theme, view, maxHeight } = props;
  // Props go through the same parser as the embed's query string and the element's attributes.
  const { options, issues } = useMemo(
    () =>
      parseEmbedParams({
        scenario,
        step: step?.toString(),
        autoplay: autoplay === undefined ? undefined : autoplay ? '1' : '0',
        speed: speed?.toString(),
        controls: controls === undefined ? undefined : controls ? '1' : '0',
        theme,
        view,
        'max-height': maxHeight?.toString(),
      }),
    [scenario, step, autoplay, speed, controls, theme, view, maxHeight],
  );
  const [first] = useState(() => initialRun(options, props.run ?? ''));
  return (
    <ShadowFrame className={props.className} style={{ ...FRAME, ...props.style }}>
      <EmbedPlayer
        initial={{ ...first.run, theme: options.theme, view: options.view, speed: options.speed }}
        options={options}
        issues={[...issues, ...first.issues]}
        onEvent={props.onEvent}
        playgroundUrl={props.playgroundUrl}
      />
    </ShadowFrame>
  );
}
