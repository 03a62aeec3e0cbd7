import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentOf, explore, underPreset } from '../../src/analysis.ts';
import { runLab } from '../../src/analysis.ts';
import { runLinkHash } from '../../src/links.ts';
import LabWorker from './labWorker.ts?worker&inline';
import { options, scenario } from './smallLab.fixture.ts';
import { exploreInWorkers, freeLabWorkers, runLabInWorkers } from './workers.ts';

// Each "worker" answers its requests with the real worker's code in this thread, a macrotask later
// (as a message would), and counts how many were made and how many ended.
vi.mock('./labWorker.ts?worker&inline', async () => {
  const { answer } = await import('./workerJobs.ts');
  type Reply = Parameters<Parameters<typeof answer>[1]>[0];
  class StandInWorker {
    static made = 0;
    static ended = 0;
    onmessage: ((event: { data: Reply }) => void) | null = null;
    onerror: ((event: { message: string }) => void) | null = null;
    private running = true;
    constructor() {
      StandInWorker.made++;
    }
    postMessage(request: Parameters<typeof answer>[0]) {
      setTimeout(() => {
        if (this.running) answer(request, (data) => this.running && this.onmessage?.({ data }));
      });
    }
    terminate() {
      if (this.running) StandInWorker.ended++;
      this.running = false;
    }
  }
  return { default: StandInWorker };
});

const made = () => (LabWorker as unknown as { made: number }).made;
const ended = () => (LabWorker as unknown as { ended: number }).ended;

const whole = runLab(scenario, options);
const lab = () => runLabInWorkers(scenario, options, () => undefined);
const cores = (n: number) => vi.stubGlobal('navigator', { hardwareConcurrency: n });

describe('the lab page keeps its workers between labs', () => {
  beforeEach(() => freeLabWorkers());
  afterEach(() => vi.unstubAllGlobals());

  it('runs a second lab on the first one’s workers, with the same report at any worker count', async () => {
    expect(whole.configs.some((c) => c.failures.length > 0)).toBe(true);
    cores(3);
    const before = made();
    expect(await lab().result).toEqual(whole);
    expect(made() - before).toBe(3);
    expect(await lab().result).toEqual(whole);
    expect(made() - before).toBe(3);
    // One worker, a kept one, runs the whole lab.
    cores(1);
    expect(await lab().result).toEqual(whole);
    expect(made() - before).toBe(3);
  });

  it('ends a cancelled lab’s workers at once, and the next lab gets new ones', async () => {
    cores(2);
    const done = lab();
    await done.result;
    const [madeBefore, endedBefore] = [made(), ended()];
    // Too late to cancel: its workers are back in the pool, and stay.
    done.cancel();
    expect(ended() - endedBefore).toBe(0);
    lab().cancel();
    expect(ended() - endedBefore).toBe(2);
    expect(await lab().result).toEqual(whole);
    expect(made() - madeBefore).toBe(2);
  });

  it('ends the idle workers when the page leaves the lab', async () => {
    cores(2);
    await lab().result;
    const endedBefore = ended();
    freeLabWorkers();
    expect(ended() - endedBefore).toBe(2);
  });
});

describe('the explorer in the page’s workers', () => {
  beforeEach(() => freeLabWorkers());
  afterEach(() => vi.unstubAllGlobals());

  const search = { maxFaults: 1, alphabet: { crashes: 'brokers' as const } };
  const request = {
    kind: 'explore' as const,
    doc: documentOf(scenario),
    semantics: 'at-least-once' as const,
    guarantee: 'no-duplicates' as const,
    maxFaults: search.maxFaults,
    crashes: search.alphabet.crashes,
  };
  const variant = underPreset(scenario, 'at-least-once');
  const oneSearch = explore(variant, 'no-duplicates', search);
  const found = oneSearch.counterexample;
  const oneLink =
    found &&
    runLinkHash({ v: 1, scenario: documentOf(variant), choices: found.choices, step: found.decisiveStep });

  it('splits a search between the cores and gives what one search gives, with the counterexample’s link', async () => {
    expect(oneLink).toBeDefined();
    for (const n of [1, 2, 3]) {
      cores(n);
      const before = made();
      const { result, link } = await exploreInWorkers(request, () => undefined).result;
      expect(result, `${n} workers`).toEqual(oneSearch);
      expect(link).toBe(oneLink);
      expect(made() - before).toBeLessThanOrEqual(n);
    }
  });
});
