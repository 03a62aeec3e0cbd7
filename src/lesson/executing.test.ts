import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/run.ts';
import type { StepRecord } from '../sim/types.ts';
import { executingLine } from './executing.ts';
import { codeListing, type Program } from './listing.ts';

function played(id: string): { steps: StepRecord[]; programs: Program[] } {
  const scenario = scenarioById(id) as Scenario;
  return { steps: runScenario(scenario).steps, programs: codeListing(scenario).programs };
}

/** The first step (1-based count of steps so far) whose events include `kind` at `node`, named `name`. */
const stepOf = (steps: StepRecord[], node: string, kind: string, name: string, from = 0) =>
  steps.findIndex(
    (s, i) => i >= from && s.events.some((e) => e.from === node && e.kind === kind && e.name === name),
  ) + 1;

const lineText = (p: Program, at: ReturnType<typeof executingLine>) =>
  at ? p.lines[at.line]?.text.trim() : null;

describe('executingLine', () => {
  it('follows the processor through its transaction, keeps the line while it waits, and ends at a crash', () => {
    const { steps, programs } = played('eos-processor-crash');
    const processor = programs[0] as Program;
    const process = stepOf(steps, 'processor', 'app', 'process');
    expect(executingLine(processor, steps.slice(0, process))).toEqual({
      line: processor.lines.findIndex((l) => l.call === 'process'),
      now: true,
    });
    // The next step delivers a message: the application is still inside that call.
    const waiting = executingLine(processor, steps.slice(0, process + 1));
    expect([lineText(processor, waiting), waiting?.now]).toEqual(['producer.send(process(record));', false]);
    const offsets = stepOf(steps, 'processor', 'app', 'sendOffsetsToTransaction');
    expect(lineText(processor, executingLine(processor, steps.slice(0, offsets)))).toBe(
      'producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());',
    );
    const crash = stepOf(steps, 'processor', 'crash', 'crash');
    expect(executingLine(processor, steps.slice(0, crash))).toBeNull();
    // The restarted processor starts over with initTransactions().
    const init = stepOf(steps, 'processor', 'app', 'initTransactions', crash);
    expect(lineText(processor, executingLine(processor, steps.slice(0, init)))).toBe(
      'producer.initTransactions();',
    );
  });

  it('the consumer: poll, then process, then commitSync — each line in turn', () => {
    const { steps, programs } = played('alo-producer-ack-lost');
    const consumer = programs[1] as Program;
    const seen = steps
      .map((_, i) => executingLine(consumer, steps.slice(0, i + 1)))
      .filter((at) => at?.now)
      .map((at) => lineText(consumer, at));
    const loop = ['var records = consumer.poll(timeout);', 'process(record);', 'consumer.commitSync();'];
    expect(seen).toEqual([...loop, ...loop]);
    expect(executingLine(consumer, [])).toBeNull();
  });
});
