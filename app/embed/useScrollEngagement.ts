import { useEffect, useState, type RefObject } from 'react';

/**
 * No scroll trap: until the reader clicks, taps or tabs into the diagram, its scroll area does not take
 * the wheel or a swipe (the CSS keys off the returned flag), so scrolling over an embed scrolls the page
 * around it. Leaving the area (focus elsewhere, a click outside, the window losing focus) releases it.
 */
export function useScrollEngagement(area: RefObject<HTMLElement | null>): boolean {
  const [engaged, setEngaged] = useState(false);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const doc = el.ownerDocument;
    const engage = () => setEngaged(true);
    // Focus leaving for somewhere else releases it; focus moving up to an ancestor does not (a click on
    // empty diagram space moves focus from an arrow up to the embed's root, and the click engaged it).
    const onFocusOut = (e: FocusEvent) => {
      const to = e.relatedTarget;
      if (to instanceof Node && (el.contains(to) || to.contains(el))) return;
      setEngaged(false);
    };
    // composedPath: inside a custom element's shadow root the document sees the host as the target.
    const onPointerDown = (e: PointerEvent) => {
      if (!e.composedPath().includes(el)) setEngaged(false);
    };
    const release = () => setEngaged(false);
    el.addEventListener('pointerdown', engage);
    el.addEventListener('focusin', engage);
    el.addEventListener('focusout', onFocusOut);
    doc.addEventListener('pointerdown', onPointerDown, true);
    doc.defaultView?.addEventListener('blur', release);
    return () => {
      el.removeEventListener('pointerdown', engage);
      el.removeEventListener('focusin', engage);
      el.removeEventListener('focusout', onFocusOut);
      doc.removeEventListener('pointerdown', onPointerDown, true);
      doc.defaultView?.removeEventListener('blur', release);
    };
  }, [area]);
  return engaged;
}
