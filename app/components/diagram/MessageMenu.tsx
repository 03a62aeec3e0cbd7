import { useEffect, useRef } from 'react';
import type { EnabledAction } from '../../../src/index.ts';

const VERBS: Record<string, string> = { deliver: 'Deliver', lose: 'Lose', hold: 'Hold back' };

/** The verb an action's label starts with ("Deliver", "Lose", "Hold back"), for short menu items. */
export function verbOf(action: EnabledAction): string {
  return VERBS[action.kind] ?? action.label.split(' ')[0] ?? action.label;
}

export interface MessageMenuProps {
  /** Where the menu opens, in the diagram's content coordinates. */
  left: number;
  top: number;
  /** The message, e.g. "ProduceResponse offset=0 from broker-1 to producer". */
  title: string;
  actions: EnabledAction[];
  onChoose(action: EnabledAction): void;
  /** `returnFocus`: put focus back on the arrow (Escape), not when the user clicked elsewhere. */
  onClose(returnFocus: boolean): void;
}

/**
 * What the world offers for one in-flight message: Deliver / Lose / Hold back. A WAI-ARIA menu: focus
 * moves into it, arrow keys move between items, Escape closes it and returns focus to the arrow.
 */
export function MessageMenu({ left, top, title, actions, onChoose, onClose }: MessageMenuProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    // Focusing scrolls the menu into view if it opened beyond the visible part of the diagram.
    menu.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      // composedPath: inside the custom element's shadow root, the document sees the host as the target.
      if (!e.composedPath().includes(menu)) onClose(false);
    };
    // A native listener: it runs before the playground's shortcut listener further up the tree, so the
    // menu's keys (arrows, Escape) never also step the run.
    const onKeyDown = (e: KeyboardEvent) => {
      const items = Array.from(menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]'));
      const i = items.indexOf(
        (menu.getRootNode() as Document | ShadowRoot).activeElement as HTMLButtonElement,
      );
      let next: number | null = null;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose(true);
        return;
      }
      if (e.key === 'Tab') {
        onClose(true);
        return;
      }
      if (e.key === 'ArrowDown') next = (i + 1) % items.length;
      else if (e.key === 'ArrowUp') next = (i - 1 + items.length) % items.length;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = items.length - 1;
      if (next !== null || e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key.length === 1) {
        if (e.key !== ' ') e.preventDefault();
        e.stopPropagation();
      }
      if (next !== null) items[next]?.focus();
    };
    document.addEventListener('pointerdown', onPointer, true);
    menu.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      menu.removeEventListener('keydown', onKeyDown);
    };
  }, [onClose]);

  return (
    <div ref={ref} className="sd-menu" role="menu" aria-label={`Actions for ${title}`} style={{ left, top }}>
      <div className="sd-menu__title" aria-hidden="true">
        {title}
      </div>
      {actions.map((a) => (
        <button
          key={a.id}
          type="button"
          role="menuitem"
          className={`sd-menu__item sd-menu__item--${a.kind}`}
          title={a.label}
          data-action-id={a.id}
          onClick={() => onChoose(a)}
        >
          <span aria-hidden="true" className="sd-menu__icon">
            {a.kind === 'deliver' ? '→' : a.kind === 'lose' ? '✕' : a.kind === 'hold' ? '‖' : '•'}
          </span>
          {verbOf(a)}
          {a.natural ? <span className="sd-menu__hint"> (next)</span> : null}
        </button>
      ))}
    </div>
  );
}
