import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// app/ reaches the core through its public API only: src/index.ts (and src/node.ts, the Node-only
// runner, from app/static and tests). A deep import (src/sim/world.ts, a machine's context…) is how
// Kafka rules leak into components. Tests may also read the core's shared test inputs (*.fixture.ts).
// Three public entries sit beside index.ts because only lazily loaded code uses them: catalog.ts (every
// built-in scenario) and links.ts (the run-link codec, the document parser), both loaded by
// app/lazy/modules.ts, and analysis.ts (the verdict, the ledger, Compare, the lab). index.ts must not
// re-export them, or the first load would bundle them again.
const CORE_ONLY_THROUGH_INDEX = {
  regex: String.raw`^(\.\./)+src/(?!(index|catalog|links|analysis)\.ts$)`,
  message: 'app/ imports the core through src/index.ts only (the public API); add what is missing there.',
};
const CORE_THROUGH_INDEX_OR_NODE = {
  regex: String.raw`^(\.\./)+src/(?!(index|catalog|links|analysis|node)\.ts$)`,
  message: 'app/static imports the core through src/index.ts, or src/node.ts for the runner.',
};
const CORE_IN_TESTS = {
  regex: String.raw`^(\.\./)+src/(?!((index|catalog|links|analysis|node)\.ts|.*\.fixture\.ts)$)`,
  message: 'app/ tests import the core through src/index.ts or src/node.ts, or a shared *.fixture.ts.',
};
const coreImports = (pattern) => ['error', { patterns: [pattern] }];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report', 'e2e/docs-sites'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': coreImports(CORE_ONLY_THROUGH_INDEX) },
  },
  {
    files: ['app/static/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': coreImports(CORE_THROUGH_INDEX_OR_NODE) },
  },
  {
    files: ['app/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': coreImports(CORE_IN_TESTS) },
  },
  {
    // The playground controller and its adapters run in Node tests as in the page: React binds to them
    // (hooks.ts, use*.ts), never the other way round.
    files: ['app/playground/**/*.ts'],
    ignores: ['app/playground/hooks.ts', 'app/playground/use*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'react/*', 'zustand'],
              message: 'The controller is plain TypeScript: no React (zustand/vanilla is fine).',
            },
            // The rule's options replace those of the app-wide entry above: keep the core's boundary.
            CORE_ONLY_THROUGH_INDEX,
          ],
        },
      ],
    },
  },
  {
    // The simulation core runs in Node, a Worker and the page: it must not know about React or the DOM.
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'react/*', 'framer-motion', 'zustand', 'zustand/*', 'mermaid'],
              message: 'src/ is framework-free: no React, UI state or DOM libraries.',
            },
            {
              group: ['../app/*', '../../app/*', '../../../app/*'],
              message: 'Imports flow app → src, never back.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement'],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'The simulation is deterministic: no unseeded randomness.',
        },
        { object: 'Date', property: 'now', message: 'The simulation has its own clock: no wall clock.' },
      ],
    },
  },
);
