/** The embeddable player for React docs sites: `import { KafkaSemanticsPlayground } from '…'`. */
export { KafkaSemanticsPlayground, type KafkaSemanticsPlaygroundProps } from './KafkaSemanticsPlayground.tsx';
export type { EmbedEvent } from './protocol.ts';
export { PROTOCOL_SOURCE, PROTOCOL_VERSION } from './protocol.ts';
