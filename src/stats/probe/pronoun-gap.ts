/**
 * The she − he gap per filler of a probe with a crossed gendered pronoun slot (occupations_gender, issue 22 item 10),
 * and its relation to the filler's share of women (the lexicon's `share_women`, US BLS percent, where it has one).
 * gap_o = mean over paraphrase families of the family's mean over its neutral templates of score(o, she) − score(o, he);
 * interval: t over families. Relation: ordinary least-squares slope of gap_o on share_women / 100 over the occupations
 * that have a share (the change in the gap from an all-male to an all-female job), t interval with n − 2 df, and
 * Pearson r with a Fisher z interval as the WinoGender suite reports it. Occupations are the units: the slope's interval
 * describes these occupations' spread around the line, including each gap's own sampling error.
 */
import type { PronounGapRow, PronounGapStat, ResultRecord, ShareRelation } from '../../result/index.js';
import { mean, std } from '../descriptive.js';
import { normalPpf, tPpf } from '../distributions.js';
import { pearsonr } from '../parametric.js';

/** The crossed slot whose values carry gender female and male (not the attribute's own slot), or null. */
function pronounSlot(records: ResultRecord[]): string | null {
  for (const r of records) {
    for (const [name, v] of Object.entries(r.slots)) if (v.value !== r.filler && (v.gender === 'female' ||
      v.gender === 'male')) return name;
  }
  return null;
}

export function pronounGap(records: ResultRecord[]): PronounGapStat | null {
  const slot = pronounSlot(records);
  if (slot === null) return null;
  // filler -> family -> template -> {female, male} scores
  const cells = new Map<string, Map<string, Map<string, { f: number[]; m: number[] }>>>();
  const share = new Map<string, number | null>();
  for (const r of records) {
    if (r.control || r.frame !== 'neutral' || !Number.isFinite(r.score)) continue;
    const gender = r.slots[slot]?.gender;
    if (gender !== 'female' && gender !== 'male') continue;
    const own = Object.values(r.slots).find((v) => v.value === r.filler);
    share.set(r.filler, typeof own?.share_women === 'number' ? own.share_women : null);
    const byFamily = cells.get(r.filler) ?? cells.set(r.filler, new Map()).get(r.filler)!;
    const family = r.paraphrase_of ?? r.template_id;
    const byTemplate = byFamily.get(family) ?? byFamily.set(family, new Map()).get(family)!;
    const cell = byTemplate.get(r.template_id) ?? byTemplate.set(r.template_id, { f: [], m: [] }).get(r.template_id)!;
    (gender === 'female' ? cell.f : cell.m).push(r.score);
  }
  const rows: PronounGapRow[] = [];
  for (const [filler, byFamily] of cells) {
    const families = [...byFamily.values()].map((templates) => {
      const diffs = [...templates.values()].filter((c) => c.f.length && c.m.length).map((c) => mean(c.f) - mean(c.m));
      return diffs.length ? mean(diffs) : NaN;
    }).filter(Number.isFinite);
    const n = families.length;
    const gap = n ? mean(families) : NaN;
    const half = n >= 3 ? tPpf(0.975, n - 1) * std(families, 1) / Math.sqrt(n) : NaN;
    rows.push({ filler, gap, ci: [gap - half, gap + half], n_families: n, share_women: share.get(filler) ?? null });
  }
  rows.sort((a, b) => a.filler.localeCompare(b.filler));
  return { slot, rows, share_women: shareRelation(rows) };
}

function shareRelation(rows: PronounGapRow[]): ShareRelation | null {
  const used = rows.filter((r) => r.share_women !== null && Number.isFinite(r.gap));
  const n = used.length;
  if (n < 4) return null;
  const x = used.map((r) => r.share_women! / 100);
  const y = used.map((r) => r.gap);
  const mx = mean(x);
  const my = mean(y);
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const slope = x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0) / sxx;
  const rss = y.reduce((a, v, i) => a + (v - my - slope * (x[i] - mx)) ** 2, 0);
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const half = tPpf(0.975, n - 2) * se;
  const [r, p] = pearsonr(x, y);
  const z = Math.atanh(Math.max(-1 + 1e-15, Math.min(1 - 1e-15, r)));
  const zHalf = normalPpf(0.975) / Math.sqrt(n - 3);
  // The slope's t test and Pearson's exact test are the same test (t = r sqrt((n − 2) / (1 − r²))), so one p.
  const pearson_ci: [number, number] = [Math.tanh(z - zHalf), Math.tanh(z + zHalf)];
  return { n, slope, slope_ci: [slope - half, slope + half], slope_p: p, pearson_r: r, pearson_ci };
}
