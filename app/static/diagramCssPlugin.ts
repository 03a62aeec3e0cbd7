import type { Plugin } from 'vite';
import { themedRules } from './diagramCss.ts';

const ID = 'virtual:diagram-css';
const RESOLVED = `\0${ID}`;
const SOURCES = ['../styles.css', '../components/diagram/SequenceDiagram.css', './static.css'];

/**
 * `virtual:diagram-css`: the diagram's stylesheet rules for both themes, resolved at build time by the
 * CLI's own code (diagramCss.ts reads the CSS files with postcss, which has no place in the page). The
 * page's Download SVG cuts them to its picture with cssForMarkup.ts, as the CLI does.
 */
export const diagramCssModule = (): Plugin => ({
  name: 'diagram-css',
  resolveId: (id) => (id === ID ? RESOLVED : null),
  load(id) {
    if (id !== RESOLVED) return null;
    // In dev, an edit to a stylesheet rebuilds the rules.
    for (const file of SOURCES) this.addWatchFile(new URL(file, import.meta.url).pathname);
    const rules = { light: themedRules('light'), dark: themedRules('dark') };
    return `export const RULES = ${JSON.stringify(rules)};`;
  },
});
