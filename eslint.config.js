import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    // The playground controller and its adapters run in Node tests as in the page: React binds to them
    // (hooks.ts, use*.ts), never the other way round.
    files: ['app/playground/**/*.ts'],
    ignores: ['app/playground/hooks.ts', 'app/playground/use*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-*', 'react/*', 'zustand'], message: 'The controller is plain TypeScript: no React (zustand/vanilla is fine).' }] },
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
            { group: ['react', 'react-*', 'react/*', 'framer-motion', 'zustand', 'zustand/*', 'mermaid'], message: 'src/ is framework-free: no React, UI state or DOM libraries.' },
            { group: ['../app/*', '../../app/*', '../../../app/*'], message: 'Imports flow app → src, never back.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The simulation is deterministic: no unseeded randomness.' },
        { object: 'Date', property: 'now', message: 'The simulation has its own clock: no wall clock.' },
      ],
    },
  },
);
