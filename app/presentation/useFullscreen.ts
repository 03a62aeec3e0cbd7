import { useEffect, useState, type RefObject } from 'react';

/**
 * Fullscreen for the playground's own root element (so in an embed the embed goes fullscreen, not the
 * host page), with the standard Fullscreen API: every current browser has it unprefixed, so a wrapper
 * library would add nothing. Where it is missing or not allowed (an iframe without
 * `allow="fullscreen"`) the fullscreen command is disabled rather than failing.
 */
export const fullscreenSupported = (): boolean =>
  typeof document !== 'undefined' && document.fullscreenEnabled === true;

/** Enters or leaves fullscreen for `el`; a refusal (no user gesture, a policy) is reported, not thrown. */
function toggleFullscreen(el: HTMLElement, onError: (message: string) => void): void {
  // Leave only our own fullscreen: an embed in a page that is itself fullscreen goes fullscreen on top.
  const request = isFullscreen(el) ? el.ownerDocument.exitFullscreen() : el.requestFullscreen();
  request.catch((e: unknown) =>
    onError(`The browser refused fullscreen: ${e instanceof Error ? e.message : String(e)}`),
  );
}

/**
 * The fullscreen command's target, made with the playground (before there is an element) and given the
 * playground's root element once it is mounted.
 */
export function fullscreenTarget(onError: (message: string) => void): {
  attach(el: HTMLElement): () => void;
  toggle(): void;
} {
  let target: HTMLElement | null = null;
  return {
    attach(el) {
      target = el;
      return () => {
        if (target === el) target = null;
      };
    },
    toggle: () => {
      if (target) toggleFullscreen(target, onError);
    },
  };
}

/**
 * Whether `el` is the fullscreen element. Asked of its own root: inside a shadow root (the custom
 * element) the document names only the host as fullscreen, the shadow root names `el`.
 */
const isFullscreen = (el: HTMLElement): boolean =>
  (el.getRootNode() as Document | ShadowRoot).fullscreenElement === el;

/** Whether `root` is the fullscreen element now. */
export function useIsFullscreen(root: RefObject<HTMLElement | null>): boolean {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const doc = el.ownerDocument;
    const onChange = () => setActive(isFullscreen(el));
    doc.addEventListener('fullscreenchange', onChange);
    return () => doc.removeEventListener('fullscreenchange', onChange);
  }, [root]);
  return active;
}
