/**
 * Runs `task(0) .. task(n-1)` with at most `limit` in flight and returns the results in index order, whatever order
 * they finish in. The first failure aborts the signal handed to every task and is what the call rejects with, but
 * only after the tasks in flight have settled: nothing keeps running behind a rejected call.
 */
export async function mapLimit<T>(
  n: number,
  limit: number,
  task: (index: number, signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T[]> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer!.reason);
  if (outer?.aborted) throw outer.reason;
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const results: T[] = new Array(n);
  let next = 0;
  let failure: { error: unknown } | null = null;

  async function worker(): Promise<void> {
    while (next < n && !failure) {
      const index = next++;
      try {
        results[index] = await task(index, controller.signal);
      } catch (error) {
        if (!failure) {
          failure = { error };
          controller.abort(error);
        }
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(limit, n) }, () => worker()));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
