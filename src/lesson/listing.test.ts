import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { ScenarioConfigInput } from '../config/types.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { codeListing } from './listing.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;

/** A built-in scenario with another config, validated as the config panel's Apply does. */
function withConfig(id: string, configInput: ScenarioConfigInput): Scenario {
  const result = validateConfig(configInput);
  if (!result.ok) throw new Error('invalid');
  return { ...scenario(id), configInput, config: result.config };
}

const text = (s: Scenario, program = 0) => codeListing(s).programs[program]?.lines.map((l) => l.text.trim());
const properties = (s: Scenario, block = 0) =>
  codeListing(s).properties[block]?.lines.map((l) => `${l.key}=${l.value}${l.isDefault ? ' (default)' : ''}`);

describe('the configuration as .properties', () => {
  it('the seeds’ producer example is what eos-idempotent-retry runs, and the defaults it leaves alone', () => {
    expect(properties(scenario('eos-idempotent-retry'))).toEqual([
      'acks=all',
      'enable.idempotence=true',
      'retries=5',
      'max.in.flight.requests.per.connection=1',
      'request.timeout.ms=30000 (default)',
      'delivery.timeout.ms=120000 (default)',
    ]);
  });

  it('a value Kafka derived is shown as the run uses it: idempotence switched off by acks=1', () => {
    const lines = properties(scenario('amo-producer-no-retry'));
    expect(lines?.slice(0, 3)).toEqual(['acks=1', 'enable.idempotence=false (default)', 'retries=0']);
  });

  it('a transactional producer shows its transactional.id and timeout; each line names its config key', () => {
    const block = codeListing(scenario('eos-processor-crash')).properties[0];
    expect(block?.lines.slice(-2).map((l) => [l.key, l.value, l.configKey])).toEqual([
      ['transactional.id', 'processor-1', 'producer.transactional.id'],
      ['transaction.timeout.ms', '60000', 'producer.transaction.timeout.ms'],
    ]);
    expect(properties(scenario('eos-processor-crash'), 2)).toEqual(['isolation.level=read_committed']);
  });

  it('the consumer: auto.commit.interval.ms only when auto-commit is on', () => {
    expect(properties(scenario('alo-consumer-crash-before-commit'), 1)).toEqual([
      'group.id=app-group (default)',
      'isolation.level=read_uncommitted (default)',
      'enable.auto.commit=false',
      'auto.offset.reset=earliest',
    ]);
    expect(properties(withConfig('alo-consumer-crash-before-commit', {}), 1)).toContain(
      'auto.commit.interval.ms=5000 (default)',
    );
  });
});

describe('the application loop', () => {
  const loop = ['var records = consumer.poll(timeout);', 'for (var record : records) {'];
  it('commitSync() after processing, before it, or auto-commit inside poll()', () => {
    expect(text(scenario('alo-consumer-crash-before-commit'), 1)?.slice(2, 7)).toEqual([
      ...loop,
      'process(record);',
      '}',
      'consumer.commitSync();',
    ]);
    expect(text(scenario('amo-consumer-commit-first'), 1)?.slice(2, 5)).toEqual([
      loop[0],
      'consumer.commitSync();',
      loop[1],
    ]);
    const auto = text(withConfig('alo-consumer-crash-before-commit', {}), 1);
    expect(auto).not.toContain('consumer.commitSync();');
    expect(auto?.[2]).toBe('// enable.auto.commit: poll() commits what earlier polls returned');
  });

  it('consume–transform–produce: the transactional loop, offsets sent with the group metadata', () => {
    const calls = codeListing(scenario('eos-processor-crash'))
      .programs[0]?.lines.filter((l) => l.call !== null)
      .map((l) => l.call);
    expect(calls).toEqual([
      'initTransactions',
      'poll',
      'beginTransaction',
      'process',
      'sendOffsetsToTransaction',
      'commitTransaction',
      'close',
      'abortTransaction',
    ]);
    expect(text(scenario('eos-processor-crash'))).toContain(
      'producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());',
    );
  });

  it('consume–transform–produce without a transactional.id: send, flush, then commitSync (or commit first)', () => {
    const plain = (commit: 'after-processing' | 'before-processing') =>
      text(
        withConfig('eos-processor-crash', {
          producer: { acks: 'all', retries: 5, 'enable.idempotence': false },
          consumer: { 'enable.auto.commit': false, commit },
        }),
      );
    expect(plain('after-processing')?.slice(2)).toEqual([
      'var records = consumer.poll(timeout);',
      'for (var record : records) {',
      'producer.send(process(record));',
      '}',
      'producer.flush(); // wait for every send to be acknowledged',
      'consumer.commitSync();',
      '}',
    ]);
    expect(plain('before-processing')?.[3]).toBe('consumer.commitSync();');
  });

  it('both instances of a fenced producer run the same transactional code', () => {
    const [producer] = codeListing(scenario('zombie-fenced')).programs;
    expect(producer?.nodes).toEqual(['producer', 'producer-2']);
    expect(producer?.lines.map((l) => l.call).filter(Boolean)).toEqual([
      'initTransactions',
      'beginTransaction',
      'send',
      'commitTransaction',
      'close',
      'abortTransaction',
    ]);
  });
});

describe('a scenario with several producer applications', () => {
  const s = scenario('lso-plain-record-behind-open-transaction');

  it('shows each application’s own settings and loop, on its own lifeline', () => {
    const listing = codeListing(s);
    expect(listing.properties.map((p) => p.title)).toEqual([
      'payments.properties',
      'audit.properties',
      'consumer.properties',
    ]);
    expect(properties(s, 0)).toContain('transactional.id=payments-writer');
    expect(properties(s, 1)?.some((l) => l.startsWith('transactional.id'))).toBe(false);
    expect(listing.programs.map((p) => [p.title, p.nodes])).toEqual([
      ['Payments (transactional)', ['payments']],
      ['Audit (plain)', ['audit']],
      ['Consumer', ['consumer']],
    ]);
    expect(text(s, 0)).toContain('producer.beginTransaction();');
    expect(text(s, 1)).toEqual(['for (var record : records) {', 'producer.send(record);', '}']);
  });
});
