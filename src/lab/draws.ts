import { findMessage } from '../sim/inFlight.ts';
import { isDown, type World } from '../sim/world.ts';
import { labChoices } from './choiceAdapter.ts';
import type { FaultModel } from './monteCarlo.ts';

/**
 * What a fault model can draw at one world, worked out once per world: the world is shared by every run
 * that walks it (stretches.ts), and each of those runs draws there, so a run's draws cost a few random
 * numbers, never a look through the world.
 */
export interface DrawSite {
  /** The brokers up, any of which may crash. */
  brokersUp: string[];
  /** The node whose application just processed a record (the step before this world was its `process`). */
  processor?: string;
  /** The message the natural step delivers: it may be lost, or (a response) come too late. */
  delivers?: { id: number; response: boolean; timeout?: string };
}

export function drawSite(world: World, natural: string | undefined): DrawSite {
  const brokersUp = world.participants
    .filter((p) => p.role === 'broker' && !isDown(world, p.id))
    .map((p) => p.id);
  const last = world.steps[world.steps.length - 1];
  const processor = last && labChoices.processedBy(last.action);
  const site: DrawSite = { brokersUp, ...(processor ? { processor } : {}) };
  if (!natural?.startsWith('deliver:')) return site;
  const id = Number(natural.slice('deliver:'.length));
  const response = findMessage(world.network, id)?.body.name.endsWith('Response') ?? false;
  const timeout = response ? labChoices.timeout(world, id) : undefined;
  return { ...site, delivers: { id, response, ...(timeout ? { timeout } : {}) } };
}

/**
 * The fault a step draws, if any, in a fixed order: a broker crash, a crash right after processing,
 * then (when the natural step delivers a message) its loss or, for a response, its timeout (none when
 * no timer runs for it).
 */
export function draw(site: DrawSite, random: () => number, model: FaultModel): string | undefined {
  if (model.brokerCrash > 0 && random() < model.brokerCrash) {
    const victim = site.brokersUp[Math.floor(random() * site.brokersUp.length)];
    if (victim) return labChoices.crash(victim);
  }
  if (site.processor && model.processingCrash > 0 && random() < model.processingCrash)
    return labChoices.crash(site.processor);
  const m = site.delivers;
  if (!m) return undefined;
  if (random() < (m.response ? model.responseLoss : model.requestLoss)) return labChoices.lose(m.id);
  if (m.response && model.timeout > 0 && random() < model.timeout) return m.timeout;
  return undefined;
}
