import { useId, useState } from 'react';
import { currentRunHash } from '../share/runLinks.ts';
import { usePlaygroundController } from '../playground/hooks.ts';
import { embedSnippet } from './snippet.ts';
import './CopyEmbedCode.css';

/**
 * "Copy embed code" in the Share menu: an `<iframe>` of embed.html for this exact run (the hash holds the
 * scenario, every choice and the step), copied to the clipboard and shown, so it can be copied by hand
 * where the clipboard is not available.
 */
export function CopyEmbedCode() {
  // The run is read when the code is copied, not rendered from: a step does not render the menu again.
  const playground = usePlaygroundController();
  const { store } = playground;
  const [snippet, setSnippet] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const field = useId();

  const copy = async () => {
    const run = playground.run();
    const { view, theme } = store.getState();
    const params: Record<string, string> = {};
    if (view !== 'diagram') params.view = view;
    if (theme !== 'auto') params.theme = theme;
    const text = embedSnippet({
      embedUrl: new URL('embed.html', location.href.split('#')[0]).href.split('?')[0] as string,
      params,
      hash: currentRunHash(store),
      title: `${run.scenario.title}, step ${run.cursor} · Kafka Delivery Semantics Playground`,
    });
    setSnippet(text);
    let copied = false;
    try {
      await navigator.clipboard?.writeText(text);
      copied = Boolean(navigator.clipboard);
    } catch {
      copied = false;
    }
    setStatus(
      copied
        ? `Copied an embed of step ${run.cursor}. Paste it into any HTML or Markdown page.`
        : 'The clipboard is not available here: select the code below and copy it.',
    );
  };

  return (
    <div className="share-menu__group copy-embed" role="group" aria-label="Embed">
      <button type="button" onClick={() => void copy()}>
        Copy embed code
      </button>
      {snippet ? (
        <>
          <label htmlFor={field} className="copy-embed__label">
            Embed code
          </label>
          <textarea
            id={field}
            className="copy-embed__code"
            readOnly
            rows={4}
            spellCheck={false}
            value={snippet}
            onFocus={(e) => e.target.select()}
            data-testid="embed-snippet"
          />
        </>
      ) : null}
      <p className="copy-embed__status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
