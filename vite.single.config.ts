import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { diagramCssModule } from './app/static/diagramCssPlugin.ts';

/**
 * The offline build: the whole playground, Mermaid view included, in one HTML file that works opened
 * from disk (file://) with no network. The plugin turns code splitting off, so the lazily imported
 * Mermaid chunk is inlined too, and writes every script and style into the page.
 */
export default defineConfig({
  plugins: [
    react(),
    diagramCssModule(),
    viteSingleFile({ outputFileName: 'kafka-semantics-playground.html' }),
  ],
  base: './',
  // Host pages and other static files would be separate files: this build is the page alone.
  publicDir: false,
  build: { outDir: 'dist-single', emptyOutDir: true, sourcemap: false },
});
