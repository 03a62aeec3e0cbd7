import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Icon } from './Icon.tsx';
import './ShareMenu.css';

const loadPanel = () => import('./SharePanel.tsx');
const SharePanel = lazy(() => loadPanel().then((m) => ({ default: m.SharePanel })));

/**
 * Share and export: a disclosure button and its panel (SharePanel.tsx, with the exporters, loaded and
 * mounted hidden once the page is idle, or when the menu first opens). Tab reaches every item, Escape or a click outside
 * closes it.
 */
export function ShareMenu() {
  const menu = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  /** The panel is mounted once loaded (at idle, or on the first opening) and stays, as the Mermaid dialog outlives the menu. */
  const [wanted, setWanted] = useState(false);
  const [status, setStatus] = useState('');
  const [fallbackLink, setFallbackLink] = useState<string | null>(null);
  const panelId = useId();

  // Fetched and mounted (hidden) at the first idle moment: by the time someone opens the menu, its
  // items are there for the very next Tab.
  useEffect(() => {
    let live = true;
    const mount = () => void loadPanel().then(() => live && setWanted(true));
    const idle = typeof requestIdleCallback === 'function';
    const id = idle ? requestIdleCallback(mount) : window.setTimeout(mount, 200);
    return () => {
      live = false;
      if (idle) cancelIdleCallback(id);
      else window.clearTimeout(id);
    };
  }, []);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    setStatus('');
    setFallbackLink(null);
    if (returnFocus) toggle.current?.focus();
  }, []);

  return (
    <div
      ref={menu}
      className="share-menu"
      onKeyDown={(e) => {
        // Escape in the Mermaid dialog closes the dialog only (the dialog sits in this menu's tree).
        if (e.key !== 'Escape' || !open || (e.target instanceof Element && e.target.closest('dialog')))
          return;
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
        onClick={() => {
          if (open) close(false);
          else {
            setOpen(true);
            setWanted(true);
          }
        }}
      >
        Share <Icon name={open ? 'chevronUp' : 'chevronDown'} className="share-menu__chevron" />
      </button>
      {wanted ? (
        <Suspense fallback={null}>
          <SharePanel
            id={panelId}
            open={open}
            close={close}
            menu={menu}
            toggle={toggle}
            status={status}
            setStatus={setStatus}
            fallbackLink={fallbackLink}
            setFallbackLink={setFallbackLink}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
