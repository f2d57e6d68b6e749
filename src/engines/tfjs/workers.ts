/**
 * How many scoring threads to start. Each TF.js worker holds its own copy of the model (about 0.6 GB at full size)
 * and the forward pass is CPU-bound, so threads beyond the core count only cost memory: a request above it is
 * capped, with a warning that says so.
 */
import { availableParallelism } from 'node:os';

export function workerCount(
  requested: number | undefined,
  cores: number = availableParallelism(),
): { workers: number; warning: string | null } {
  const available = Math.max(1, cores);
  if (!requested || requested <= 0) return { workers: available, warning: null };
  if (requested <= available) return { workers: requested, warning: null };
  return {
    workers: available,
    warning: `--workers ${requested}: this machine has ${available} core${available === 1 ? '' : 's'}; using ${available} ` +
      `worker${available === 1 ? '' : 's'} (each holds its own copy of the model, and more threads than cores only add memory)`,
  };
}
