/**
 * Shared bins for several series of values, so their histograms can be drawn on one axis: at most
 * `maxBins` bins of equal width from the minimum, whole-number widths when every value is a whole
 * number (round trips, log records), and each series' count per bin.
 */
export interface Histogram {
  /** Each bin's lower edge. */
  edges: number[];
  width: number;
  counts: number[][];
}

export function histogram(series: readonly (readonly number[])[], maxBins = 20): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (const values of series)
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (!Number.isInteger(v)) whole = false;
    }
  if (min > max) return { edges: [], width: 1, counts: series.map(() => []) };
  const span = max - min;
  // Whole numbers: each bin holds `width` consecutive values. Otherwise: maxBins bins, the maximum in the last.
  const width = whole ? Math.max(1, Math.ceil((span + 1) / maxBins)) : span / maxBins || 1;
  const bins = whole ? Math.ceil((span + 1) / width) : span === 0 ? 1 : maxBins;
  const edges = Array.from({ length: bins }, (_, k) => min + k * width);
  const counts = series.map((values) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) c[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
    return c;
  });
  return { edges, width, counts };
}
