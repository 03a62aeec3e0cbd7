/**
 * The one module that knows mermaid (mermaid-live-editor's src/lib/util/mermaid.ts habit): the library is
 * imported lazily on first use, so it is not in the initial bundle; initialised once; every render gets a
 * fresh element id; results are cached by text; parse errors come back as text to show, never thrown.
 */

type Mermaid = (typeof import('mermaid'))['default'];

export type MermaidRender = { ok: true; svg: string } | { ok: false; error: string };
export type MermaidTheme = 'light' | 'dark';

const MAX_CACHED = 16;

let loading: Promise<Mermaid> | null = null;
const cache = new Map<string, Promise<MermaidRender>>();
let renders = 0;

function load(): Promise<Mermaid> {
  loading ??= import('mermaid').then(
    ({ default: mermaid }) => {
      mermaid.initialize({
        startOnLoad: false,
        // Labels come from scenario files and links, i.e. from anyone: mermaid sanitises them.
        securityLevel: 'strict',
        theme: 'default',
        fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      });
      return mermaid;
    },
    (e: unknown) => {
      // A failed chunk load (offline, a new deployment) may succeed on the next try.
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The theme as a front-matter block, unless the text brings its own configuration. */
function themed(text: string, theme: MermaidTheme): string {
  if (theme === 'light' || text.trimStart().startsWith('---')) return text;
  return `---\nconfig:\n  theme: dark\n---\n${text}`;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Mermaid text → SVG markup, or the parse error; the same text and theme are rendered only once. */
export function renderMermaid(text: string, theme: MermaidTheme): Promise<MermaidRender> {
  const source = themed(text, theme);
  const hit = cache.get(source);
  if (hit) return hit;
  const result = (async (): Promise<MermaidRender> => {
    let mermaid: Mermaid;
    try {
      mermaid = await load();
    } catch (e) {
      cache.delete(source);
      return { ok: false, error: `Mermaid could not be loaded: ${messageOf(e)}` };
    }
    const id = `mermaid-view-${++renders}`;
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(id, source);
      return { ok: true, svg };
    } catch (e) {
      return { ok: false, error: messageOf(e) };
    } finally {
      // A failed render can leave its scratch element behind in <body>.
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
    }
  })();
  cache.set(source, result);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return result;
}
