import { scenarioById } from '../../src/catalog.ts';
import type { Scenario } from '../../src/index.ts';
import type { FaultModel } from '../../src/analysis.ts';

/** A small lab the page's tests run in one thread and in workers: faults often enough that some runs fail. */
export const scenario = scenarioById('alo-producer-ack-lost') as Scenario;
const model: FaultModel = {
  requestLoss: 0.1,
  responseLoss: 0.1,
  brokerCrash: 0,
  processingCrash: 0.1,
  timeout: 0.05,
};
export const SEMANTICS = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export const options = { runs: 24, seed: 7, model, semantics: SEMANTICS };
