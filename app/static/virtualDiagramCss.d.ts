/** The module diagramCssPlugin.ts makes at build time. */
declare module 'virtual:diagram-css' {
  import type { ThemedRule } from './cssForMarkup.ts';
  export const RULES: Record<'light' | 'dark', ThemedRule[]>;
}
