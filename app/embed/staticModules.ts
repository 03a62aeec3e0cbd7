import * as catalog from '../../src/catalog.ts';
import { catalogModule, linksModule } from '../lazy/modules.ts';
import * as runLinks from '../share/runLinks.ts';

/**
 * An embed's address or host may name any scenario and send any document, and it answers at once (its
 * first render, the host API): it bundles the catalog and the link codec, and hands them to the lookups
 * it shares with the playground page, which loads them lazily (app/lazy/modules.ts).
 */
export function provideStaticModules(): void {
  catalogModule.provide(catalog);
  linksModule.provide(runLinks);
}
