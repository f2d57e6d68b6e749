/**
 * The parts every kind of finding shares (findings.ts, findings-hb.ts, findings-data.ts): severity against a margin,
 * the ranking, sizes in percentage points, and a typical example pair from a run's records. Pure.
 */
import type { Finding, ResultRecord } from '../result/index.js';

export const MAX_FINDINGS = 7;

export function nearestBound(ci: [number, number]): number {
  if (ci[0] > 0) return ci[0];
  if (ci[1] < 0) return -ci[1];
  return 0;
}

export function rank<T extends { nearest: number; value: number }>(items: T[]): T[] {
  return items.sort((a, b) => b.nearest - a.nearest || Math.abs(b.value) - Math.abs(a.value)).slice(0, MAX_FINDINGS);
}

export function severityOf(value: number, ci: [number, number], margin: number): Finding['severity'] | null {
  if (nearestBound(ci) > margin) return 'major';
  return Math.abs(value) > margin ? 'medium' : null;
}

/** Sizes in percentage points ("47 points", "−4"): one formatter for the report and the findings. */
export { points, signedPoints } from '../util/format.js';

export type TemplateScores = Map<string, Map<string, ResultRecord[]>>;

/** template id -> group -> its (non-control) records. */
export function templateScores(records: ResultRecord[]): TemplateScores {
  const out: TemplateScores = new Map();
  for (const r of records) {
    if (r.control) continue;
    const byGroup = out.get(r.template_id) ?? new Map<string, ResultRecord[]>();
    const list = byGroup.get(r.group) ?? [];
    list.push(r);
    byGroup.set(r.group, list);
    out.set(r.template_id, byGroup);
  }
  return out;
}

const meanScore = (rs: ResultRecord[]) => rs.reduce((a, r) => a + r.score, 0) / rs.length;

/** Per template where the group has sentences beside another group: its mean minus the template's average over groups. */
export function templateContrasts(key: string, byTemplate: TemplateScores): { id: string; contrast: number; average: number }[] {
  const contrasts: { id: string; contrast: number; average: number }[] = [];
  for (const [id, byGroup] of byTemplate) {
    const own = byGroup.get(key);
    if (!own || byGroup.size < 2) continue;
    const means = [...byGroup.values()].map(meanScore);
    const average = means.reduce((a, b) => a + b, 0) / means.length;
    contrasts.push({ id, contrast: meanScore(own) - average, average });
  }
  return contrasts;
}

/**
 * The template whose contrast for the group (its mean minus the template's average over groups) is closest to the
 * group's median contrast; its sentence for the group beside the one of the group closest to that template's average.
 */
export function examplePair(key: string, byTemplate: TemplateScores): Finding['example'] | undefined {
  const contrasts = templateContrasts(key, byTemplate);
  if (contrasts.length === 0) return undefined;
  const sorted = [...contrasts].sort((a, b) => a.contrast - b.contrast);
  const median = sorted[Math.floor((sorted.length - 1) / 2)].contrast;
  const typical = contrasts.reduce((best, c) => (Math.abs(c.contrast - median) < Math.abs(best.contrast - median) ? c : best));
  const byGroup = byTemplate.get(typical.id)!;
  const own = byGroup.get(key)![0];
  let other: ResultRecord | null = null;
  for (const [k, rs] of byGroup) {
    if (k === key) continue;
    if (!other || Math.abs(rs[0].score - typical.average) < Math.abs(other.score - typical.average)) other = rs[0];
  }
  if (!other) return undefined;
  return { a: { text: own.text, score: own.score }, b: { text: other.text, score: other.score } };
}

