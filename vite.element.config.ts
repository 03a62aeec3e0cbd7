import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { oneScriptBuild } from './app/embed/oneScript.ts';

/**
 * Library builds of the embeddable player.
 *   default (`vite build -c vite.element.config.ts`): the custom element, ONE script with React bundled
 *     in → dist/element/kafka-semantics-playground.js.
 *   `--mode react`: the React component for React docs sites, react and react-dom left to the host's
 *     bundler → dist/react/kafka-semantics-playground-react.js.
 * Both draw in a shadow root with the CSS inlined as text, and both ship as one file: oneScriptBuild
 * (app/embed/oneScript.ts) hands the bundled components' sheets to the shadow root, makes lazy imports
 * static and leaves out the speaker notes.
 */
export default defineConfig(({ mode }) => {
  const forReact = mode === 'react';
  return {
    plugins: [react(), oneScriptBuild()],
    publicDir: false,
    // Library mode leaves process.env alone; React picks its production build from it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: forReact ? 'dist/react' : 'dist/element',
      emptyOutDir: true,
      sourcemap: true,
      // What ships in the package is final: ES2020 needs no further transpiling by a docs site's bundler
      // (Docusaurus runs Babel in loose mode on code it does not take for a package, and loose mode turns
      // XState's \`[...map.keys()]\` into \`[].concat(iterator)\`: "t.endsWith is not a function").
      target: 'es2020',
      lib: {
        entry: forReact ? 'app/embed/index.ts' : 'app/embed/element.tsx',
        formats: ['es'],
        fileName: () => (forReact ? 'kafka-semantics-playground-react.js' : 'kafka-semantics-playground.js'),
      },
      // The page splits what its first paint does not show (app/lazy/panels.ts); a package ships as one
      // script all the same, so what it imports lazily is in it too (made static by oneScriptBuild).
      rolldownOptions: forReact
        ? { external: [/^react($|\/)/, /^react-dom($|\/)/], output: { codeSplitting: false } }
        : // Library mode keeps ES output unminified for the next bundler; this one goes to browsers as is,
          // without the minifier's /* @__PURE__ */ marks (544 of them: 0.5 KB gzip), which only a next
          // minifier reads.
          { output: { minify: true, comments: false, codeSplitting: false } },
    },
  };
});
