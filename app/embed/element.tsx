import { createRoot, type Root } from 'react-dom/client';
import { EmbedPlayer } from './EmbedPlayer.tsx';
import { initialRun } from './initialRun.ts';
import { EMBED_PARAMS, parseEmbedParams, type EmbedOptions, type ParamIssue } from './params.ts';
import { envelope } from './protocol.ts';
import { shadowCss } from './shadowCss.ts';

/**
 * `<kafka-semantics-playground scenario="…" step="…" theme="…" controls="…" view="…">`: the embedded
 * player as a custom element, from one script (React bundled in). It draws in its own shadow root with
 * the app's styles inside, reads its settings from attributes (changes apply live), never touches the
 * page's URL (several may share a page), and reports the protocol's events as a DOM event:
 * `kafka-semantics-playground`, whose `detail` is the same object the iframe posts.
 */

export const TAG = 'kafka-semantics-playground';
const ATTRIBUTES = EMBED_PARAMS.filter((p) => p !== 'origin');
// The full playground sits next to this script in the build: dist/element/…js → dist/index.html.
const PLAYGROUND_URL = new URL(/* @vite-ignore */ '../', import.meta.url).href;

export class KafkaSemanticsPlaygroundElement extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES, 'run'];
  #root: Root | null = null;
  #mount: HTMLElement | null = null;
  /** One playground's lifetime: from a mount, or from a new `run` attribute, to the next. */
  #key = 0;

  connectedCallback(): void {
    if (!this.#mount) {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = shadowCss();
      this.#mount = document.createElement('div');
      this.#mount.style.height = '100%';
      shadow.append(style, this.#mount);
    }
    if (this.#root) return;
    this.#root = createRoot(this.#mount);
    this.#start();
  }

  disconnectedCallback(): void {
    // Deferred: a node moved within the page is disconnected and connected again in the same task.
    queueMicrotask(() => {
      if (this.isConnected || !this.#root) return;
      this.#root.unmount();
      this.#root = null;
    });
  }

  attributeChangedCallback(name: string): void {
    if (!this.#root) return;
    if (name === 'run') this.#start();
    else this.#render();
  }

  #options(): { options: EmbedOptions; issues: ParamIssue[] } {
    const attributes: Record<string, string | null> = {};
    for (const name of ATTRIBUTES) attributes[name] = this.getAttribute(name);
    return parseEmbedParams(attributes);
  }

  /** A new playground (the player reads `initial` once, so a new key makes a new one). */
  #start(): void {
    this.#key += 1;
    this.#render();
  }

  /** The last one built, reused while what it depends on is unchanged (a long link costs its replay). */
  #first: { source: string; value: ReturnType<typeof initialRun> } | null = null;

  #initialRun(options: EmbedOptions): ReturnType<typeof initialRun> {
    const run = this.getAttribute('run') ?? '';
    const source = JSON.stringify([run, options.scenario, options.step]);
    if (this.#first?.source !== source) this.#first = { source, value: initialRun(options, run) };
    return this.#first.value;
  }

  #render(): void {
    const { options, issues } = this.#options();
    // Built from the attributes as they are now, at every render: the player reads it at its first
    // commit, and an attribute set right after the element was connected (a page script binding `theme`
    // to the site's dark mode) arrives before that commit. Built once, it would be lost.
    const first = this.#initialRun(options);
    this.#root?.render(
      <EmbedPlayer
        key={this.#key}
        initial={{ ...first.run, theme: options.theme, view: options.view, speed: options.speed }}
        options={options}
        issues={[...issues, ...first.issues]}
        onEvent={(event) =>
          this.dispatchEvent(new CustomEvent(TAG, { detail: envelope(event), bubbles: true, composed: true }))
        }
        playgroundUrl={PLAYGROUND_URL}
      />,
    );
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, KafkaSemanticsPlaygroundElement);
