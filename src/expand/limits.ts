/**
 * What expansion refuses to build: more sentences than one process can hold, or an index space too large for exact
 * integer arithmetic. `sampling.max` is the probe author's cap; this one protects the machine when that cap was
 * raised (a product of 10^9 sentences with `--limit 200` builds only the 200 it keeps).
 */
import { inputError } from '../errors.js';

/**
 * Sentences built in memory at once: what a 16 GB machine holds. A whole probe run costs about 5.5 kB per sentence
 * (peak RSS of expansion, records, the cache and the statistics; measured with `npm run bench:memory`: 20,000 and
 * 60,000 sentences, 355 and 567 MiB), so 2,500,000 sentences take about 13 GiB, leaving room for the runtime.
 */
export const MAX_SENTENCES = 2_500_000;

/** Throws E_PROBE_TOO_LARGE (exit 2) when `kept` of `total` cannot be built. `what` names the unit counted. */
export function checkFits(probeId: string, total: number, kept: number, what = 'sentences'): void {
  const n = (x: number) => x.toLocaleString('en-US');
  if (!Number.isSafeInteger(total)) {
    throw inputError('E_PROBE_TOO_LARGE', `probe "${probeId}": expands to about ${total.toExponential(2)} ${what}, more than can be counted exactly (${n(Number.MAX_SAFE_INTEGER)}); use fewer slot values or sampling: {mode: sample}`);
  }
  if (kept > MAX_SENTENCES) {
    const advice = what === 'sentences' ? 'pass --limit N or lower sampling.n' : 'lower sampling.n';
    throw inputError('E_PROBE_TOO_LARGE', `probe "${probeId}": ${n(kept)} ${what} of ${n(total)} would have to be built, above the limit of ${n(MAX_SENTENCES)} held in memory; ${advice}`);
  }
}
