import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runLab } from '../../src/analysis.ts';
import LabWorker from './labWorker.ts?worker&inline';
import { options, scenario } from './smallLab.fixture.ts';
import { freeLabWorkers, runLabInWorkers } from './workers.ts';

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
