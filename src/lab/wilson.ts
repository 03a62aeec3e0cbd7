/** A rate measured over `n` runs, with its Wilson score interval at 95 % (sound for 0 and n successes too). */
export interface Rate {
  count: number;
  runs: number;
  rate: number;
  low: number;
  high: number;
}

const Z95 = 1.959963984540054;

export function wilson(count: number, runs: number, z = Z95): Rate {
  if (runs === 0) return { count, runs, rate: 0, low: 0, high: 1 };
  const p = count / runs;
  const z2 = z * z;
  const centre = (p + z2 / (2 * runs)) / (1 + z2 / runs);
  const half = (z / (1 + z2 / runs)) * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs));
  return { count, runs, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
