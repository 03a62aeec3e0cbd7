import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'Fixture docs',
  // The element script, copied from the package into docs/public/ (the "static folder" route).
  head: [['script', { type: 'module', src: '/kafka-semantics-playground.js' }]],
  vue: {
    template: {
      compilerOptions: { isCustomElement: (tag) => tag === 'kafka-semantics-playground' },
    },
  },
});
