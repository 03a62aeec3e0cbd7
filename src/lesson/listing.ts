import type { NodeId } from '../kafka/protocol.ts';
import type { ProducerConfig } from '../config/types.ts';
import type { ProducerApplication, Scenario } from '../scenarios/types.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * The seeds' code artefacts for the current run: the clients' configuration as `.properties` (the values
 * the run really uses, Kafka's defaults included) and the application loop each node runs, with every
 * line that is an application call tagged by the call's name as the trace records it ("poll", "send"…).
 */

export interface PropertyLine {
  key: string;
  value: string;
  /** The setting's key in the scenario's config ("producer.acks"), for linking to the config panel. */
  configKey: string;
  /** The scenario does not set it: Kafka's default (or the value Kafka derived) applies. */
  isDefault: boolean;
}

export interface PropertiesBlock {
  title: string;
  lines: PropertyLine[];
}

export interface CodeLine {
  text: string;
  /** The application call this line makes, as trace events name it; null for the lines around them. */
  call: string | null;
}

export interface Program {
  title: string;
  /** The nodes that run this code (both instances of a producer share it). */
  nodes: NodeId[];
  lines: CodeLine[];
}

export interface CodeListing {
  properties: PropertiesBlock[];
  programs: Program[];
}

type Section = 'consumer' | 'downstream';

function property(
  s: Scenario,
  section: Section,
  key: string,
  value: string | number | boolean,
): PropertyLine {
  const input = s.configInput[section] as Record<string, unknown> | undefined;
  return { key, value: String(value), configKey: `${section}.${key}`, isDefault: input?.[key] === undefined };
}

/** A producer's settings: the scenario's own, or one application's of a version-2 scenario. */
interface ProducerSource {
  title: string;
  config: ProducerConfig;
  input: Record<string, unknown> | undefined;
  /** Where the config panel edits it: `producer.acks`; an application's settings have no field there. */
  keyPrefix: string;
}

const scenarioProducer = (s: Scenario): ProducerSource => ({
  title: 'producer.properties',
  config: s.config.producer,
  input: s.configInput.producer as Record<string, unknown> | undefined,
  keyPrefix: 'producer',
});

const applicationProducer = (app: ProducerApplication): ProducerSource => ({
  title: `${app.id}.properties`,
  config: app.config,
  input: app.configInput as Record<string, unknown>,
  keyPrefix: `producers.${app.id}`,
});

function producerProperties({ title, config: p, input, keyPrefix }: ProducerSource): PropertiesBlock {
  const at = (key: string, value: string | number | boolean): PropertyLine => ({
    key,
    value: String(value),
    configKey: `${keyPrefix}.${key}`,
    isDefault: input?.[key] === undefined,
  });
  return {
    title,
    lines: [
      at('acks', p.acks === -1 ? 'all' : p.acks),
      at('enable.idempotence', p.idempotence),
      at('retries', p.retries),
      at('max.in.flight.requests.per.connection', p.maxInFlight),
      at('request.timeout.ms', p.requestTimeoutMs),
      at('delivery.timeout.ms', p.deliveryTimeoutMs),
      ...(p.transactionalId === null
        ? []
        : [at('transactional.id', p.transactionalId), at('transaction.timeout.ms', p.transactionTimeoutMs)]),
    ],
  };
}

function consumerProperties(s: Scenario): PropertiesBlock {
  const c = s.config.consumer;
  const at = (key: string, value: string | number | boolean) => property(s, 'consumer', key, value);
  return {
    title: 'consumer.properties',
    lines: [
      at('group.id', c.groupId),
      at('isolation.level', c.isolationLevel),
      at('enable.auto.commit', c.autoCommit),
      ...(c.autoCommit ? [at('auto.commit.interval.ms', c.autoCommitIntervalMs)] : []),
      at('auto.offset.reset', c.autoOffsetReset),
    ],
  };
}

const code = (text: string, call: string | null = null): CodeLine => ({ text, call });

function producerLoop(config: ProducerConfig): CodeLine[] {
  if (config.transactionalId === null)
    return [code('for (var record : records) {'), code('    producer.send(record);', 'send'), code('}')];
  return [
    code('producer.initTransactions();', 'initTransactions'),
    code('for (var batch : transactions) {'),
    code('    try {'),
    code('        producer.beginTransaction();', 'beginTransaction'),
    code('        for (var record : batch) {'),
    code('            producer.send(record);', 'send'),
    code('        }'),
    code('        producer.commitTransaction();', 'commitTransaction'),
    code('    } catch (ProducerFencedException e) {'),
    code('        producer.close(); // fenced is fatal', 'close'),
    code('        break;'),
    code('    } catch (KafkaException e) {'),
    code('        producer.abortTransaction();', 'abortTransaction'),
    code('    }'),
    code('}'),
  ];
}

function consumerLoop(s: Scenario): CodeLine[] {
  const c = s.config.consumer;
  const poll = code('    var records = consumer.poll(timeout);', 'poll');
  const process = [
    code('    for (var record : records) {'),
    code('        process(record);', 'process'),
    code('    }'),
  ];
  const commit = code('    consumer.commitSync();', 'commitSync');
  if (c.processing === 'worker-thread') {
    const handOff = [
      code('    for (var record : records) {'),
      code('        executor.submit(() -> process(record)); // returns at once', 'submit'),
      code('    }'),
    ];
    // commitSync() without arguments commits the position: everything poll() returned, handed over or not.
    const body = c.autoCommit
      ? [
          code('    // enable.auto.commit: poll() commits what earlier polls returned, processed or not'),
          poll,
          ...handOff,
        ]
      : c.commit === 'before-processing'
        ? [poll, commit, ...handOff]
        : [
            poll,
            ...handOff,
            code('    consumer.commitSync(); // the position, not what the worker finished', 'commitSync'),
          ];
    return [
      code('var executor = Executors.newSingleThreadExecutor(); // the worker thread'),
      code('consumer.subscribe(List.of("orders"));'),
      code('while (true) {'),
      ...body,
      code('}'),
    ];
  }
  const body = c.autoCommit
    ? [code('    // enable.auto.commit: poll() commits what earlier polls returned'), poll, ...process]
    : c.commit === 'before-processing'
      ? [poll, commit, ...process]
      : [poll, ...process, commit];
  return [code('consumer.subscribe(List.of("orders"));'), code('while (true) {'), ...body, code('}')];
}

/** Kafka ≥ 4.0: sendOffsetsToTransaction takes the consumer's group metadata (KIP-447, KAFKA-12690). */
const TRANSACTIONAL_LOOP: CodeLine[] = [
  code('consumer.subscribe(List.of("input"));'),
  code('producer.initTransactions();', 'initTransactions'),
  code('while (true) {'),
  code('    var records = consumer.poll(timeout);', 'poll'),
  code('    try {'),
  code('        producer.beginTransaction();', 'beginTransaction'),
  code('        for (var record : records) {'),
  code('            producer.send(process(record));', 'process'),
  code('        }'),
  code(
    '        producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());',
    'sendOffsetsToTransaction',
  ),
  code('        producer.commitTransaction();', 'commitTransaction'),
  code('    } catch (ProducerFencedException e) {'),
  code('        producer.close(); // fenced is fatal', 'close'),
  code('        break;'),
  code('    } catch (KafkaException e) {'),
  code('        producer.abortTransaction();', 'abortTransaction'),
  code('        rewindToCommittedOffsets(consumer);'),
  code('    }'),
  code('}'),
];

/**
 * The processor without a transactional.id: its output and its input offsets are two separate writes,
 * ordered like a plain consumer's commit (flush() first, so a commit never runs ahead of the output).
 */
function plainProcessorLoop(s: Scenario): CodeLine[] {
  const c = s.config.consumer;
  const poll = code('    var records = consumer.poll(timeout);', 'poll');
  const transform = [
    code('    for (var record : records) {'),
    code('        producer.send(process(record));', 'process'),
    code('    }'),
    code('    producer.flush(); // wait for every send to be acknowledged'),
  ];
  const commit = code('    consumer.commitSync();', 'commitSync');
  const body = c.autoCommit
    ? [code('    // enable.auto.commit: poll() commits what earlier polls returned'), poll, ...transform]
    : c.commit === 'before-processing'
      ? [poll, commit, ...transform]
      : [poll, ...transform, commit];
  return [code('consumer.subscribe(List.of("input"));'), code('while (true) {'), ...body, code('}')];
}

/** The run's configuration and application code, as the seeds show them. */
export function codeListing(s: Scenario): CodeListing {
  if (s.pipeline === 'consume-transform-produce')
    return {
      properties: [
        producerProperties(scenarioProducer(s)),
        consumerProperties(s),
        {
          title: 'downstream-consumer.properties',
          lines: [property(s, 'downstream', 'isolation.level', s.config.downstreamIsolation)],
        },
      ],
      programs: [
        {
          title: 'Processor (consume–transform–produce)',
          nodes: [NODE.processor],
          lines: s.config.producer.transactionalId === null ? plainProcessorLoop(s) : TRANSACTIONAL_LOOP,
        },
      ],
    };
  const consumes = s.workload.consume !== false;
  const consumer = consumes ? [consumerProperties(s)] : [];
  if (s.producers)
    return {
      properties: [...s.producers.map((app) => producerProperties(applicationProducer(app))), ...consumer],
      programs: [
        ...s.producers.map((app) => ({ title: app.label, nodes: [app.id], lines: producerLoop(app.config) })),
        ...(consumes ? [{ title: 'Consumer', nodes: [NODE.consumer], lines: consumerLoop(s) }] : []),
      ],
    };
  return {
    properties: [producerProperties(scenarioProducer(s)), ...consumer],
    programs: [
      {
        title: s.workload.secondInstance ? 'Producer (both instances)' : 'Producer',
        nodes: s.workload.secondInstance ? [NODE.producer, NODE.secondInstance] : [NODE.producer],
        lines: producerLoop(s.config.producer),
      },
      ...(consumes ? [{ title: 'Consumer', nodes: [NODE.consumer], lines: consumerLoop(s) }] : []),
    ],
  };
}
