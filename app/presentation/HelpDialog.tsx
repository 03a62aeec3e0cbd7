import { useEffect, useId, useMemo, useRef } from 'react';
import { COMMANDS } from '../commands.ts';
import { usePlayground, usePlaygroundController } from '../playground/hooks.ts';
import { shortcutGroups } from './shortcuts.ts';

/**
 * Every shortcut that works here, generated from the command list, and the switch for single-key shortcuts. A native
 * modal dialog: it is inert behind, traps Tab, sits above a fullscreen playground (top layer) and gives
 * focus back to where it was when it closes.
 */
export function HelpDialog() {
  const playground = usePlaygroundController();
  // Only what works here: an embed lists no presentation mode, a browser without fullscreen no F.
  const groups = useMemo(() => shortcutGroups(COMMANDS.filter((c) => playground.offers(c.id))), [playground]);
  const open = usePlayground((s) => s.overlay === 'help');
  const shortcuts = usePlayground((s) => s.shortcuts);
  const setShortcuts = usePlayground((s) => s.setShortcuts);
  const setOverlay = usePlayground((s) => s.setOverlay);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby={titleId}
      data-testid="help-dialog"
      // The browser closes it on Escape itself; the store follows. The `close` event comes a task after
      // the dialog closed, and a key pressed in between (Esc then B on a clicker) may already have opened
      // another overlay: only the help's own is cleared.
      onClose={() => {
        if (playground.store.getState().overlay === 'help') setOverlay(null);
      }}
    >
      <div className="help-dialog__head">
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <button type="button" onClick={() => setOverlay(null)}>
          Close
        </button>
      </div>
      <label className="help-dialog__setting">
        <input type="checkbox" checked={shortcuts} onChange={(e) => setShortcuts(e.target.checked)} />
        <span>
          Single-key shortcuts (letters, Space, punctuation)
          <span className="muted">
            {' '}
            — arrows, Page Up/Down, Home, End and Esc always work while the playground has focus.
          </span>
        </span>
      </label>
      <div className="help-dialog__groups">
        {groups.map((g) => (
          <section key={g.group} aria-label={g.group}>
            <h3>{g.group}</h3>
            <dl>
              {g.shortcuts.map((s) => (
                <div key={s.id} className="help-dialog__row" data-testid={`shortcut-${s.id}`}>
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
