/**
 * Length bucketing: sequences are sorted by length and cut into batches, so each batch is padded only to its own
 * longest member. Batches are also capped by attention-matrix size (rows x width x width), which keeps memory
 * flat for long inputs: 512-token texts go a few at a time, short probe sentences go `batchSize` at a time.
 */

export interface Batch {
  /** Positions in the caller's input, shortest first. */
  indices: number[];
  /** Padded width: the longest length in the batch. */
  width: number;
}

export interface BatchLimits {
  /** Most rows per batch. */
  batchSize: number;
  /** Most attention cells per head (rows x width x width); at least one row always fits. */
  maxCells?: number;
}

/** 2^21 cells: 8 rows of 512 tokens, 128 rows of 128 (so `batchSize` is the limit for short texts). */
export const DEFAULT_MAX_CELLS = 2 ** 21;

export function planBatches(lengths: readonly number[], limits: BatchLimits): Batch[] {
  const batchSize = Math.max(1, Math.floor(limits.batchSize));
  const maxCells = limits.maxCells ?? DEFAULT_MAX_CELLS;
  // A stable sort keeps equal-length items in input order.
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: Batch[] = [];
  let current: Batch | null = null;
  for (const i of order) {
    const width = Math.max(current?.width ?? 0, lengths[i]);
    const rows = (current?.indices.length ?? 0) + 1;
    if (current && (rows > batchSize || rows * width * width > maxCells)) current = null;
    if (!current) {
      current = { indices: [], width: 0 };
      batches.push(current);
    }
    current.indices.push(i);
    current.width = Math.max(current.width, lengths[i]);
  }
  return batches;
}
