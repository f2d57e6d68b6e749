/**
 * The diff as one self-contained HTML page (no script, no network): what changed between two runs of a probe, a
 * table of per-group changes and, when groups carry ISO numeric codes, the two maps side by side and a map of the
 * change. Numbers are formatted here (src/util/format.ts); templates/diff.hbs lays them out with the report's one
 * stylesheet and escapes every value. Maps come from the report's choropleth renderer.
 */
import { asset, diverging, hasMapKeys, renderChoropleth, safe, template } from '../report/index.js';
import type { AuditResult, GroupStat } from '../result/index.js';
import * as fmt from '../util/format.js';
import { attributeNoun } from '../util/nouns.js';
import type { GroupChange, GroupVerdict, RunDiff } from './diff.js';
import { dataDiffSentences, dataDiffTables } from './diff-data-html.js';
import { xml } from './escape.js';

export function renderDiffHtml(diff: RunDiff, runA: AuditResult, runB: AuditResult): string {
  const noun = attributeNoun(diff.probe.attribute);
  const run = (name: string, r: RunDiff['a']) => ({ name, label: r.label, model: r.model, demo: r.demo, fingerprint: r.fingerprint.slice(0,
    23), created: r.created_at });
  return template('diff.hbs')({
    title: `Diff of ${diff.probe.title}: ${diff.a.label} vs ${diff.b.label}`,
    css: safe(asset('report.css')),
    probeId: diff.probe.id,
    target: diff.target,
    matched: diff.pairing.matched,
    templates: diff.pairing.templates,
    resamples: diff.resamples,
    seed: diff.seed,
    runs: [run('A', diff.a), run('B', diff.b)],
    c: diff.conclusions,
    groupCount: diff.groups.length,
    noun,
    notes: diff.notes,
    metrics: Object.entries(diff.metrics).map(([name, m]) => ({
      name, a: est(m.a.value, m.a.ci), b: est(m.b.value, m.b.ci), change: change(m.change.value, m.change.ci), method: m.method,
    })),
    maps: maps(diff, runA, runB, noun),
    data: diff.data ? { sentences: dataDiffSentences(diff.data), tables: dataDiffTables(diff.data) } : null,
    tolerance: fine(diff.tolerance),
    groups: diff.groups.map((g) => ({
      cls: g.changed ? `changed ${g.change.value > 0 ? 'up' : 'down'}` : '',
      key: g.key,
      effectA: fine(g.mean_a),
      effectB: fine(g.mean_b),
      change: change(g.change.value, g.change.ci),
      status: g.status,
      a: verdict(g.a),
      b: verdict(g.b),
      rank: g.a && g.b ? `${g.a.rank} \u2192 ${g.b.rank}` : '\u2013',
      flags: flags(g),
    })),
  });
}

function verdict(v: GroupVerdict | null) {
  return v && { differs: v.differs, ci: fmt.interval(v.sim_ci) };
}

function flags(g: GroupChange): string[] {
  const out: string[] = [];
  if (g.changed) out.push('mean');
  if (g.reversed) out.push('reversed');
  else if (g.direction_changed) out.push('direction');
  if (g.significance_changed) out.push('significance');
  if (g.rank_moved) out.push('rank');
  return out;
}

function maps(diff: RunDiff, runA: AuditResult, runB: AuditResult, noun: string) {
  if (!runA.stats || !runB.stats || !hasMapKeys(runB.stats.groups)) return null;
  // One colour scale for the three maps: the same colour is the same effect (a difference of probabilities) in A, in B and in the change.
  const changes = diff.groups.map(asGroupStat);
  const classes = diverging([...runA.stats.groups, ...runB.stats.groups, ...changes], 0);
  const mapA = renderChoropleth(runA.stats.groups, runA.stats.overall_mean, noun, { classes });
  const mapB = renderChoropleth(runB.stats.groups, runB.stats.overall_mean, noun, { classes });
  const status = new Map(diff.groups.map((g) => [g.key, g.status]));
  const changeMap = renderChoropleth(changes, 0, noun, {
    classes, solid: (g) => status.get(g.key) === 'changed', verdict: (g) => `${status.get(g.key) ?? 'cannot tell'} (tolerance ` +
      `±${fine(diff.tolerance)})`,
  });
  return {
    a: safe(namespaceIds(mapA.svg, 'a')),
    b: safe(namespaceIds(mapB.svg, 'b')),
    change: safe(namespaceIds(changeLegend(changeMap.svg, noun), 'change')),
  };
}

/** A change drawn by the choropleth renderer: its "mean" is the change, its interval the change's interval. */
function asGroupStat(g: GroupChange): GroupStat {
  return {
    key: g.key, n: g.n_pairs, n_fillers: 1, mean: g.change.value, ci: g.change.ci,
    centred: g.change.value, centred_ci: g.change.ci, sim_ci: g.change.ci,
    rank: NaN, rank_ci: [NaN, NaN], p: NaN, p_perm: NaN, p_adj: NaN, p_adj_bh: NaN, significant: g.changed,
    direction: 'none', templates_above: 0, templates_below: 0, attrs: g.attrs,
  };
}

/** The renderer labels its legend for mean scores; the change map's legend says what it shows. */
export function changeLegend(svg: string, noun: string): string {
  const escaped = xml(noun);
  return svg
    .replace(`aria-label="World map of the group effect by ${escaped}"`, `aria-label="World map of the change in group effect ` +
      `by ${escaped}"`)
    .replace(/>Effect by [^<]*</, `>Change in group effect (B \u2212 A) by ${escaped}<`)
    .replace('hatched: cannot be told from average (interval includes 0)', 'hatched: unchanged or cannot tell (paired interval vs the ' +
      'tolerance)');
}

/** Three SVGs share one document: their pattern ids must not collide, or every map would use the first map's hatches. */
export function namespaceIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

/** Three decimals with a real minus sign, as everywhere (fmt.decimal). */
const plain = (x: number) => fmt.decimal(x, 3);

function est(value: number, ci: [number, number]): string {
  return Number.isFinite(ci[0]) ? `${plain(value)} (${plain(ci[0])} to ${plain(ci[1])})` : plain(value);
}

/** Three decimals, or two significant digits under 0.001 (engine round-off is 1e-7: "0.000" would hide it). */
function fine(x: number): string {
  if (!Number.isFinite(x) || x === 0 || Math.abs(x) >= 0.001) return plain(x);
  return (x < 0 ? '\u2212' : '') + Math.abs(x).toExponential(1).replace('e-', 'e\u2212');
}

function change(value: number, ci: [number, number]): string {
  const sign = value > 0 ? '+' : '';
  return `${sign}${fine(value)} (${fine(ci[0])} to ${fine(ci[1])})`;
}
