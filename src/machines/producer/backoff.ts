/**
 * KIP-580 (Kafka 3.7+ for the producer's batches): the wait before a retry grows exponentially from
 * `retry.backoff.ms` to `retry.backoff.max.ms`, with ±20 % jitter so that many clients do not retry in
 * step (Kafka's ExponentialBackoff, multiplier 2, CommonClientConfigs.RETRY_BACKOFF_JITTER). Kafka draws
 * the jitter from ThreadLocalRandom; here it comes from the run's seed, so a replay waits exactly as long.
 */

const MULTIPLIER = 2;
const JITTER = 0.2;

/** ExponentialBackoff.backoff(attempts), with `unit` in [0, 1) standing for the random draw. */
export function exponentialBackoff(initialMs: number, maxMs: number, attempts: number, unit: number): number {
  const initial = Math.min(initialMs, maxMs);
  if (maxMs <= initial) return initial;
  const expMax = Math.log(maxMs / Math.max(initial, 1)) / Math.log(MULTIPLIER);
  const term = initial * MULTIPLIER ** Math.min(attempts, expMax);
  const factor = 1 - JITTER + 2 * JITTER * unit;
  return Math.min(Math.floor(factor * term), maxMs);
}

/** A number in [0, 1) that depends only on the seed and the key (FNV-1a, then a 32-bit mix). */
export function seededUnit(seed: number, key: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 2246822507) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
