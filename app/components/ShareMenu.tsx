import { Suspense, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { LazySharePanel } from '../lazy/panels.ts';
import { preloadWhenIdle } from '../lazy/preloadWhenIdle.ts';
import { Icon } from './Icon.tsx';
import './ShareMenu.css';

/**
 * Share and export: a disclosure button and its panel (Tab reaches every item, Escape or a click outside
 * closes it). The button and the panel are here, in the first load; the items, the Mermaid dialog among
 * them, are SharePanel.tsx, loaded when the page is idle or when the menu first opens.
 */
export function ShareMenu() {
  const menu = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  // The items are mounted (hidden) as soon as their code is in, fetched when the page is idle: opening
  // the menu then shows them at once, and Tab after Enter reaches the first. Opened before that, the
  // panel says it is opening until they come. Once mounted they stay, as they were (the checkbox, say).
  const [shown, setShown] = useState(false);
  if (open && !shown) setShown(true);
  useEffect(() => preloadWhenIdle([() => LazySharePanel.preload().then(() => setShown(true))]), []);
  const panelId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) toggle.current?.focus();
  };

  // A click outside closes the panel, as a menu would (the Mermaid dialog is not "outside").
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target instanceof Node ? e.target : null;
      if (target && !menu.current?.contains(target) && !dialog.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  // The panel opens towards the side with room: under a button that wrapped to the left edge of a
  // phone's top bar, a right-aligned panel would hang off the screen.
  useLayoutEffect(() => {
    const button = toggle.current;
    const box = panel.current;
    if (!open || !button || !box) return;
    const fitsLeftward = button.getBoundingClientRect().right - box.offsetWidth >= 8;
    box.dataset.align = fitsLeftward ? 'end' : 'start';
  }, [open]);

  return (
    <div
      ref={menu}
      className="share-menu"
      onKeyDown={(e) => {
        // The Mermaid dialog (modal, in the panel) closes itself on Escape and leaves the menu open.
        if (e.key !== 'Escape' || !open || dialog.current?.contains(e.target as Node)) return;
        e.stopPropagation();
        close(true);
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="share-menu__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        Share <Icon name={open ? 'chevronUp' : 'chevronDown'} className="share-menu__chevron" />
      </button>
      <div ref={panel} id={panelId} className="share-menu__panel" hidden={!open}>
        {shown ? (
          <Suspense fallback={<p role="status">Opening the menu…</p>}>
            <LazySharePanel open={open} dialog={dialog} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
