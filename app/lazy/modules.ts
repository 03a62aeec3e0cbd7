import type * as Catalog from '../../src/catalog.ts';
import type * as Comparison from '../compare/comparison.ts';
import type * as RunLinks from '../share/runLinks.ts';
import { lazyModule } from './lazyModule.ts';

/**
 * Core code the playground's first view does without, loaded when the page is idle (App) or when a
 * link, a file or a menu asks for it first. A first visit opens one lesson (src/index.ts's
 * OPENING_SCENARIO) and has no link to read; the embed, whose address may name any scenario, bundles
 * both statically and provides them (app/embed/staticModules.ts).
 */

/** Every built-in scenario with its lesson text, for the picker and for links that name one. */
export const catalogModule = lazyModule<typeof Catalog>(() => import('../../src/catalog.ts'));

/** Reading and writing run links, parsing scenario documents; with the catalog, as a link may name any scenario. */
export const linksModule = lazyModule<typeof RunLinks>(() =>
  Promise.all([import('../share/runLinks.ts'), catalogModule.preload()]).then(([links]) => links),
);

/** Compare's columns (each semantics replaying the run's faults), with the verdicts and schedules they use. */
export const comparisonModule = lazyModule<typeof Comparison>(() => import('../compare/comparison.ts'));
