import { Suspense, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { LazyCopyEmbedCode, LazyScheduleShare } from '../lazy/panels.ts';
import type { MermaidRender, MermaidTheme } from '../share/mermaidView.ts';
import { currentRunHash } from '../share/runLinks.ts';
import { type PlaygroundStore } from '../state/store.ts';
import { usePlayground, usePlaygroundController } from '../playground/hooks.ts';
import type { Run } from '../playground/run.ts';

/** The link to this run, built from the store (not read back from the address bar). */
function runUrl(store: PlaygroundStore): string {
  return `${location.href.split('#')[0] ?? ''}${currentRunHash(store)}`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** What the page shows now, for mermaid's own theme. */
function pageTheme(theme: 'auto' | 'light' | 'dark'): MermaidTheme {
  if (theme !== 'auto') return theme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The Share menu's items (ShareMenu.tsx is its button and panel): the link to this run, the run so far
 * as Mermaid text (copied or rendered) in a dialog, and the diagram as SVG or PNG. Loaded after the
 * first paint, with the link codec (app/lazy/panels.ts).
 */
export function SharePanel({ open, dialog }: { open: boolean; dialog: RefObject<HTMLDialogElement | null> }) {
  // The run is read when an item is chosen, not rendered from: a step does not render the menu again.
  const playground = usePlaygroundController();
  const { store } = playground;
  const theme = usePlayground((s) => s.theme);
  const linkField = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  const [fallbackLink, setFallbackLink] = useState<string | null>(null);
  const [transparent, setTransparent] = useState(false);
  const [view, setView] = useState<{
    text: string;
    heading: string;
    result: MermaidRender | null;
  } | null>(null);
  const ids = { dialogTitle: useId(), text: useId() };

  // The Mermaid writer and renderer, and the picture exporters, load when an item asks for them.
  const mermaidText = async (run: Run) => (await import('../share/runMermaid.ts')).runMermaid(run);
  const fileBase = (run: Run) => `${run.scenario.id}-step-${run.cursor}`;

  // What an item said is forgotten when the menu closes.
  const [shownOpen, setShownOpen] = useState(open);
  if (shownOpen !== open) {
    setShownOpen(open);
    if (!open) {
      setStatus('');
      setFallbackLink(null);
    }
  }

  useEffect(() => {
    if (fallbackLink) linkField.current?.select();
  }, [fallbackLink]);

  const copyUrl = async (url: string, what: string) => {
    if (await copyText(url)) {
      setFallbackLink(null);
      setStatus(`Copied the link to ${what}.`);
    } else {
      setFallbackLink(url);
      setStatus(
        'The clipboard is not available here: the link is selected below, press Ctrl+C (⌘C) to copy it.',
      );
    }
  };

  const copyMermaid = async () => {
    const run = playground.run();
    setStatus(
      (await copyText(await mermaidText(run)))
        ? `Copied the run up to step ${run.cursor} as Mermaid text.`
        : 'The clipboard is not available here: use View Mermaid and copy the text from there.',
    );
  };

  const openMermaid = async () => {
    const run = playground.run();
    const [text, { renderMermaid }] = await Promise.all([
      mermaidText(run),
      import('../share/mermaidView.ts'),
    ]);
    setView({ text, heading: `Mermaid · ${run.scenario.title}, step ${run.cursor}`, result: null });
    dialog.current?.showModal();
    void renderMermaid(text, pageTheme(theme)).then((result) =>
      setView((v) => (v?.text === text ? { ...v, result } : v)),
    );
  };

  const exportDiagram = async (format: 'svg' | 'png') => {
    try {
      // The CLI's renderer, loaded on the first export (react-dom/server is not part of the first load).
      const [{ diagramSvg }, { download, svgBlob, svgToPng }] = await Promise.all([
        import('../share/exportDiagram.ts'),
        import('../share/exportImage.ts'),
      ]);
      const run = playground.run();
      const image = diagramSvg(run, pageTheme(theme), { transparent });
      const base = fileBase(run);
      if (format === 'svg') download(svgBlob(image), `${base}.svg`);
      else download(await svgToPng(image, 2), `${base}@2x.png`);
      setStatus(`Downloaded ${base}${format === 'svg' ? '.svg' : '@2x.png'}.`);
    } catch (e) {
      setStatus(`The picture could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <>
      <div className="share-menu__group" role="group" aria-label="Link and Mermaid">
        <button type="button" onClick={() => void copyUrl(runUrl(store), 'this run')}>
          Copy link
        </button>
        <button type="button" onClick={() => void copyMermaid()}>
          Copy Mermaid
        </button>
        <button type="button" onClick={() => void openMermaid()}>
          View Mermaid
        </button>
      </div>
      {/* Both load with the page's idle preloads (app/lazy/panels.ts), long before a click opens the panel. */}
      <Suspense fallback={null}>
        <LazyCopyEmbedCode />
        {open ? <LazyScheduleShare copyUrl={(url, what) => void copyUrl(url, what)} /> : null}
      </Suspense>
      {fallbackLink ? (
        <label className="share-menu__fallback">
          <span>Link to this run</span>
          <input
            ref={linkField}
            type="text"
            readOnly
            value={fallbackLink}
            onFocus={(e) => e.target.select()}
          />
        </label>
      ) : null}
      <div className="share-menu__group" role="group" aria-label="Picture of the diagram">
        <button type="button" onClick={() => void exportDiagram('svg')}>
          Download SVG
        </button>
        <button type="button" onClick={() => void exportDiagram('png')}>
          Download PNG (2×)
        </button>
        <label className="share-menu__check">
          <input type="checkbox" checked={transparent} onChange={(e) => setTransparent(e.target.checked)} />
          Transparent background
        </label>
      </div>
      <p className="share-menu__status" role="status" aria-live="polite">
        {status}
      </p>

      <dialog
        ref={dialog}
        className="share-mermaid"
        aria-labelledby={ids.dialogTitle}
        onClose={() => setView(null)}
        onClick={(e) => {
          // A click on the backdrop (the dialog element itself, outside its content) closes it.
          if (e.target === e.currentTarget) e.currentTarget.close();
        }}
      >
        <div className="share-mermaid__body">
          <div className="share-mermaid__header">
            <h2 id={ids.dialogTitle}>{view?.heading}</h2>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          {view?.result === null ? <p role="status">Rendering with Mermaid…</p> : null}
          {view?.result && !view.result.ok ? (
            <div role="alert" className="share-mermaid__error">
              <p>Mermaid could not render this text:</p>
              <pre>{view.result.error}</pre>
            </div>
          ) : null}
          {view?.result?.ok ? (
            <div
              className="share-mermaid__diagram"
              data-testid="mermaid-diagram"
              // A long run scrolls: keyboard users reach it with Tab and scroll it with the arrow keys.
              tabIndex={0}
              role="region"
              aria-label="The run as a Mermaid diagram"
              // Mermaid's output with securityLevel "strict": labels are sanitised by mermaid itself.
              dangerouslySetInnerHTML={{ __html: view.result.svg }}
            />
          ) : null}
          <label htmlFor={ids.text} className="share-mermaid__label">
            Mermaid text
          </label>
          <textarea
            id={ids.text}
            className="share-mermaid__text"
            readOnly
            spellCheck={false}
            rows={8}
            value={view?.text ?? ''}
          />
        </div>
      </dialog>
    </>
  );
}
