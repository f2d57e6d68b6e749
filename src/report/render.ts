import { renderDataSection } from './data-section.js';
import { renderHolisticBiasSection } from './holisticbias-section.js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult, GroupStat, ProbeStats, SuiteSummaries } from '../result/index.js';
import {
  distributionSpec, effectsShown, effectsSpec, EFFECTS_EACH_END, heatmapGroups, heatmapSpec, HEATMAP_MAX_GROUPS,
} from './charts.js';
import { effectMark, sampledSentence, shownInterval, templatesOnSide } from '../result/index.js';
import { hasMapKeys, renderChoropleth } from './choropleth.js';
import * as fmt from '../util/format.js';
import { interactiveSpecJson, vegaInterpreterScript, vegaRuntime } from './interactive.js';
import { jsonForScript } from './sanitize.js';
import { asset, safe, template } from './templates.js';
import { suiteSectionView } from './suite-section.js';
import { SUITE_NAMES, type SuiteSummary } from '../suites/index.js';
import { attributeNoun, capitalise, plural } from '../util/nouns.js';
import { llmFacts, offLabelWarning, promptsView } from './prompts.js';
import { summarySentences } from './summary.js';
import { verdictView } from './verdict.js';
import { intersectionView } from './intersection-section.js';
import { vegaLiteToSvg } from './vega-svg.js';
import { toCsv } from '../util/csv.js';

/**
 * renderReport: AuditResult -> one self-contained HTML string. All numbers are formatted here; the
 * Handlebars templates (templates/*.hbs) only lay them out and escape every value with `{{ }}`. Markup the
 * code builds itself (the map and chart SVGs, the inline CSS/JS, the inline JSON) is wrapped in SafeString
 * after escaping at its source, so no template needs a triple-stash.
 */

export interface RenderOptions {
  /** The "rendered at" time (defaults to now); pass it for reproducible output. */
  now?: Date;
  /**
   * Inline the Vega runtime (~520 KB) and each chart's Vega spec, so every chart can be switched to a live
   * view (hover, tooltips). Off by default to keep the report small; without it the charts are static SVG.
   */
  interactive?: boolean;
  /** The run's check.json as read (checked in verdict.ts): the verdict header. */
  check?: unknown;
}

/**
 * Benchmark suites: suite name -> partial in templates/partials/ that renders `result.suites[name]`. This is
 * the extension point: a suite with no entry here is shown by `suite-generic` (its summary as a table).
 */
export const SUITE_PARTIALS: Record<string, string> = {};

const MODEL_CARD_MODEL = 'distilbert-base-uncased-finetuned-sst-2-english';

export function renderReport(result: AuditResult, options: RenderOptions = {}): string {
  vega.resetSVGDefIds(); // gradient ids restart per report, so the same result gives the same bytes
  const now = options.now ?? new Date();
  return template('report.hbs')({ ...viewModel(result, now, options.interactive === true), verdict: verdictView(options.check) });
}

function viewModel(result: AuditResult, now: Date, interactive: boolean) {
  const stats = result.stats;
  const attribute = stats?.attribute ?? result.probe?.attribute;
  const noun = attribute === undefined ? 'group' : attributeNoun(attribute);
  return {
    title: `Bias audit: ${subjectTitle(result)}`,
    css: safe(asset('report.css')),
    script: safe(asset('report.js')),
    // The live views evaluate Vega expressions with vega-interpreter, so neither report's CSP allows 'unsafe-eval'.
    vegaRuntime: interactive ? safe(vegaRuntime()) : null,
    vegaInterpreter: interactive ? safe(vegaInterpreterScript()) : null,
    header: header(result, now),
    probe: result.probe,
    noun,
    nounPlural: plural(noun),
    nounTitle: capitalise(noun),
    stats: stats ? probeSections(result, stats, noun, interactive) : null,
    intersection: stats?.intersection ? intersectionView(stats.intersection) : null,
    suites: kindSections(result),
    modelCard: result.model.name.includes(MODEL_CARD_MODEL),
    method: methodKind(result),
    resamples: stats?.resamples ?? null,
  };
}

function header(result: AuditResult, now: Date) {
  return {
    model: result.model.name,
    fingerprint: result.model.fingerprint,
    fingerprintShort: result.model.fingerprint.replace(/^sha256:/, '').slice(0, 12),
    engine: result.model.engine,
    engineReason: result.model.engine_reason ?? null,
    backend: result.model.backend,
    demo: result.model.demo,
    target: result.target,
    multiLabel: result.model.multi_label === true,
    offLabelWarning: offLabelWarning(result),
    sampled: sampledSentence(result.model),
    llm: llmFacts(result),
    labels: result.model.labels.join(', '),
    tool: `${result.tool.name} ${result.tool.version}`,
    created: result.created_at,
    rendered: now.toISOString(),
    probe: result.probe ? `${result.probe.title} (${result.probe.id})` : null,
    suite: result.suite,
    sentences: fmt.count(result.counts.sentences),
    seed: result.seed,
    lexicons: result.lexicons.map((l) => `${l.name} ${l.version}`).join(', '),
  };
}

function probeSections(result: AuditResult, stats: ProbeStats, noun: string, interactive: boolean) {
  const chart = (id: string, title: string, caption: string, spec: TopLevelSpec) => ({
    id, title, caption, svg: safe(vegaLiteToSvg(spec)), vega: interactive ? safe(interactiveSpecJson(spec)) : null,
  });
  const groups = stats.groups;
  const byRank = [...groups].sort((a, b) => a.rank - b.rank);
  const map = hasMapKeys(groups) ? renderChoropleth(groups, stats.overall_mean, noun) : null;
  const shownInHeatmap = heatmapGroups(groups).length;
  return {
    summary: summarySentences(result, stats),
    metrics: Object.entries(stats.summary).map(([name, m]) => ({ name, value: fmt.score(m!.value), ci: fmt.interval(m!.ci) })),
    overall: fmt.score(stats.overall_mean),
    overallCi: fmt.interval(stats.overall_ci),
    map: map && {
      svg: safe(map.svg),
      shapes: map.shapes,
      circles: map.circles,
      missing: map.missing,
      noData: map.noData,
    },
    effects: effectsChart(groups, noun, interactive),
    charts: [
      chart(
        'heatmap', `Centred score by template and ${noun}`,
        `Each cell is the score minus the template's average over all ${plural(noun)} (red: below, blue: above).` +
          (shownInHeatmap < groups.length ? ` Showing the ${HEATMAP_MAX_GROUPS / 2} lowest and ${HEATMAP_MAX_GROUPS / 2} highest ` +
            `of ${groups.length} ${plural(noun)} by centred mean.` : ''),
        heatmapSpec(result.records, groups, stats.templates, noun),
      ),
      chart('distributions', 'Score distribution per template', `Box plots over ${plural(noun)}: a template's own sentiment moves its ` +
        `whole box, which is why comparisons are made within templates.`, distributionSpec(result.records, stats.templates)),
    ],
    ranking: byRank.map((g, i) => rankingRow(g, noun, stats.n_templates, i >= EFFECTS_EACH_END && i < byRank.length - EFFECTS_EACH_END)),
    rankingFolded: byRank.length > 2 * EFFECTS_EACH_END + 10 ? byRank.length - 2 * EFFECTS_EACH_END : 0,
    wordingSets: Math.max(0, ...groups.map((g) => g.wording?.length ?? 0)),
    rollups: Object.entries(stats.rollups).filter(([, rows]) => rows.length > 0).map(([by, rows]) => ({
      // A table, not a chart: region means are another estimand than the group effects every chart shows (issue 25).
      by: by.replace(/_/g, ' '), id: by.replace(/[^A-Za-z0-9_-]/g, '-'),
      rows: rows.map((r) => ({ key: r.key, groups: r.n_groups, mean: fmt.score(r.mean), ci: fmt.interval(r.ci) })),
    })),
    templates: stats.templates.map((t) => ({
      id: t.template_id, text: t.template, frame: t.frame, paraphraseOf: t.paraphrase_of ?? '', n: t.n,
      mean: fmt.score(t.mean), median: fmt.score(t.median), range: fmt.score(t.score_range),
      sd: fmt.score(t.score_sd), flipRate: fmt.score(t.flip_rate, 2),
    })),
    pairs: stats.extreme_pairs.map((p) => ({
      template: p.template_id, gap: fmt.score(p.gap),
      lowText: p.low.text, lowScore: fmt.score(p.low.score), highText: p.high.text, highScore: fmt.score(p.high.score),
    })),
    // Probes with few groups: every pairwise difference of effects, simultaneous 95% intervals over all pairs.
    groupPairs: (stats.pairs ?? []).map((p) => ({
      a: p.a, b: p.b, diff: fmt.signed(p.diff), ci: fmt.interval(p.ci), p: fmt.pValue(p.p), pAdj: fmt.pValue(p.p_adj),
      apart: p.ci[0] > 0 || p.ci[1] < 0,
    })),
    control: stats.control && {
      groups: stats.control.n_words, range: fmt.score(stats.control.score_range), sd: fmt.score(stats.control.sd_shift),
      shift: fmt.score(stats.control.mean_abs_shift),
    },
    variance: varianceView(stats.variance),
    pronounGap: pronounGapView(stats.pronoun_gap),
    prompts: promptsView(result, stats, noun),
    nGroups: stats.n_groups,
    nTemplates: stats.n_templates,
    // The ranking as CSV text from the one CSV writer (formula-guarded), for the "download CSV" button; a JSON string
    // escaped for <script>.
    data: safe(jsonForScript(toCsv(byRank.map((g) => ({
      group: g.key, rank: g.rank, rank_low: g.rank_ci[0], rank_high: g.rank_ci[1], n: g.n, mean: round(g.mean),
      ci_low: round(g.ci[0]), ci_high: round(g.ci[1]), effect: round(g.centred), effect_sim_low: round(g.sim_ci[0]),
      effect_sim_high: round(g.sim_ci[1]), differs: effectMark(g) ?? '', effect_alone_low: round(g.centred_ci[0]),
      effect_alone_high: round(g.centred_ci[1]), p: sig(g.p), p_adj: sig(g.p_adj), p_adj_bh: sig(g.p_adj_bh),
      templates_above: g.templates_above, templates_below: g.templates_below, direction_flip: g.direction_flip ?? '',
    }))))),
  };
}

/** What the method section describes: a probe's is in the template itself; the others need to know their kind. */
const SUITE_METHODS: Record<string, string> = {
  winobias:
    'WinoBias pairs (Zhao et al. 2018) differ only in the pronoun: one line matches the occupation stereotype, the other does not. ' +
    'The measure is the mean difference in P(target) between the pro- and anti-stereotyped line of each pair, with a 95% interval ' +
    'over pairs.',
  winogender:
    'WinoGender items (Rudinger et al. 2018) come with a male, female and neutral pronoun; the gaps female − male and neutral − ' +
    'male isolate ' +
    'the pronoun\u2019s effect on P(target), and per occupation the female − male gap is compared with the share of women in the job.',
  stereoset:
    'StereoSet items (Nadeem et al. 2021) offer a stereotype and an anti-stereotype option that differ in the attribute. The ' +
    'measure is the ' +
    'share of items whose stereotype option scores lower (50% = no preference) and the mean gap, with 95% intervals over items.',
  'crows-pairs':
    'CrowS-Pairs (Nangia et al. 2020) are minimal edits of one sentence: the measure is the gap in P(target) between the more and the ' +
    'less stereotypical sentence of each pair, and the share of pairs where the more stereotypical one scores lower, with 95% intervals ' +
    'over pairs.',
};

function methodKind(result: AuditResult): { data: boolean; holisticbias: boolean; suite: string | null } {
  const suites = result.kind === 'suite' ? Object.keys(result.suites) : [];
  const texts = suites.filter((s) => SUITE_METHODS[s] !== undefined).map((s) => SUITE_METHODS[s]!);
  return {
    data: result.kind === 'data',
    holisticbias: suites.includes('holisticbias'),
    suite: texts.length > 0 ? texts.join(' ') : suites.length > 0 ?
      'Each benchmark suite\u2019s own measure, described in its section above.' : null,
  };
}

/** The she − he gap per occupation and its slope on the share of women (occupations_gender; absent elsewhere). */
function pronounGapView(g: ProbeStats['pronoun_gap']) {
  if (!g) return null;
  const rel = g.share_women;
  return {
    slot: g.slot,
    rows: g.rows.map((r) => ({
      filler: r.filler, gap: fmt.signed(r.gap), ci: fmt.interval(r.ci), share: r.share_women === null ? '–' : `${r.share_women}%`,
    })),
    relation: rel && {
      n: rel.n, slope: fmt.signed(rel.slope), ci: fmt.interval(rel.slope_ci), p: fmt.pValue(rel.slope_p),
      r: fmt.signed(rel.pearson_r), rCi: fmt.interval(rel.pearson_ci),
    },
  };
}

const VARIANCE_COMPONENTS = ['template', 'filler', 'template:group', 'residual'] as const;
const VARIANCE_LABELS: Record<(typeof VARIANCE_COMPONENTS)[number], string> = {
  template: 'Template (paraphrase family)',
  filler: 'Filler within a group',
  'template:group': 'Group × template',
  residual: 'Residual',
};

/** A variance on the probability scale: two significant digits, never an exponent for the sizes scores have. */
function varianceNumber(x: number): string {
  return x === 0 ? '0' : x.toPrecision(2);
}

/**
 * "Where the variation comes from": every number from stats.variance (the one fit). A component the design cannot
 * estimate shows its reason, not a number. Absent (older results): no part; null (the fit refused the design): a line.
 */
function varianceView(v: ProbeStats['variance']) {
  if (v === undefined) return null;
  if (v === null) return { fitted: false };
  return {
    fitted: true,
    n: fmt.count(v.n),
    rows: VARIANCE_COMPONENTS.map((c) => {
      const value = v.components[c];
      const reasons = v.not_identifiable.filter((x) => x.component === c).map((x) => x.reason);
      return {
        component: VARIANCE_LABELS[c],
        variance: value === null ? null : varianceNumber(value),
        share: value === null || v.shares[c] === null ? null : fmt.percent(v.shares[c]!),
        reason: value === null ? reasons.join('; ') || 'not estimated' : null,
        clamped: v.clamped.includes(c),
      };
    }),
    lines: v.summary,
  };
}

/**
 * One row of the ranking: the effect with the interval every place shows and the mark that interval gives
 * (result/effect.ts); the wording column says what each paraphrase set measured. `folded`: behind "show all".
 */
function rankingRow(g: GroupStat, noun: string, templates: number, folded: boolean) {
  const mark = effectMark(g);
  const side = g.centred < 0 ? 'lower' : 'higher';
  return {
    rank: fmt.rank(g.rank), rankSort: g.rank, rankCi: fmt.rankInterval(g.rank_ci),
    key: g.key, n: g.n, folded,
    mean: fmt.score(g.mean), meanSort: g.mean,
    effect: fmt.signed(g.centred), effectSort: g.centred, effectCi: fmt.interval(shownInterval(g)),
    pAdj: fmt.pValue(g.p_adj), pAdjSort: g.p_adj,
    mark, finding: mark === null ? 'cannot tell' : `differs: ${mark}`,
    consistency: Number.isFinite(g.centred) && g.centred !== 0 ? `${side} on ${templatesOnSide(g)} of ${templates}` : '–',
    consistencySort: templatesOnSide(g) / Math.max(1, templates),
    wording: wordingCell(g),
    flip: g.direction_flip === true,
    verdictTitle: mark === null ? `cannot be told from the average ${noun}` : `differs from the average ${noun}: ${mark}`,
  };
}

/** "− − − +" (the sign of each wording set's mean contrast), with each set's mean and templates in the title. */
function wordingCell(g: GroupStat): { signs: string; title: string } | null {
  if (!g.wording) return null;
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '\u2212' : '0');
  return {
    signs: g.wording.map((w) => sign(w.mean)).join(' '),
    title: g.wording
      .map((w, i) => `set ${i + 1}: ${fmt.signed(w.mean)} over ${w.n_templates} templates` + (w.ci ? ` (${fmt.interval(w.ci)})` : ''))
      .join('; '),
  };
}

/** The effect chart; above EFFECTS_MAX_GROUPS it shows both ends, with every group behind "show all". */
function effectsChart(groups: GroupStat[], noun: string, interactive: boolean) {
  const shown = effectsShown(groups);
  const all = groups.filter((g) => Number.isFinite(g.centred));
  const folded = shown.length < all.length;
  return {
    id: 'effects',
    title: `Effect by ${noun}`,
    caption:
      `Each dot is a ${noun}'s effect (its score minus the average over all ${plural(noun)} in the same template); bars are ` +
      `simultaneous 95% intervals, the same as in the table. Coloured: the interval excludes 0, so the ${noun} differs from ` +
      `the average; grey: it cannot be told apart.` +
      (folded ? ` Showing the ${EFFECTS_EACH_END} highest and ${EFFECTS_EACH_END} lowest of ${all.length}.` : ''),
    svg: safe(vegaLiteToSvg(effectsSpec(shown, noun))),
    vega: interactive ? safe(interactiveSpecJson(effectsSpec(shown, noun))) : null,
    allCount: folded ? all.length : 0,
    allSvg: folded ? safe(vegaLiteToSvg(effectsSpec(all, noun))) : null,
  };
}

function subjectTitle(result: AuditResult): string {
  switch (result.kind) {
    case 'probe': return result.probe.title;
    case 'suite': return result.suite;
    case 'data': return `data ${result.data.file_name}`;
    default: {
      const _never: never = result;
      return _never;
    }
  }
}

/** The sections after the header that depend on the kind (a probe's are built from `stats` in viewModel). */
function kindSections(result: AuditResult) {
  switch (result.kind) {
    case 'probe': return [];
    case 'suite': return suiteSections(result.suites);
    // A data run's section (audit run --data) is built and escaped in data-section.ts.
    case 'data': return [{ name: 'data', partial: 'prerendered-section', html: safe(renderDataSection(result.data)) }];
    default: {
      const _never: never = result;
      return _never;
    }
  }
}

function suiteSections(suites: SuiteSummaries) {
  return Object.entries(suites).map(([name, summary]) => {
    // The four built-in suites have their own section; anything else gets the generic table.
    if (name === 'holisticbias' && suites.holisticbias && isSuiteSummary(summary)) {
      return { name, partial: 'prerendered-section', html: safe(renderHolisticBiasSection(suites.holisticbias)) };
    }
    if ((SUITE_NAMES as readonly string[]).includes(name) && isSuiteSummary(summary)) {
      return { name, partial: 'suite-section', ...suiteSectionView(name, summary as SuiteSummary) };
    }
    return { name, partial: SUITE_PARTIALS[name] ?? 'suite-generic', summary, rows: flatten(summary) };
  });
}

function isSuiteSummary(v: unknown): v is SuiteSummary {
  const s = v as Partial<SuiteSummary> | null;
  return typeof s?.headline === 'string' && Array.isArray(s?.breakdown) && Array.isArray(s?.notes);
}

/** A suite summary as "dot.path: value" rows (the generic suite partial shows these). */
export function flatten(value: unknown, prefix = '', depth = 0): { key: string; value: string }[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k, depth + 1));
  }
  return [{ key: prefix || '(value)', value: leaf(value) }];
}

function leaf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : fmt.score(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(leaf).join(', ');
  return JSON.stringify(value) ?? '';
}

// A value read back from result.json is null where it was NaN (no interval below 3 families: issue 22).
const round = (x: number | null) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 1e5) / 1e5 : null);
const sig = (p: number | null) => (typeof p === 'number' && Number.isFinite(p) ? Number(p.toPrecision(4)) : null);

/** A suite summary (an entry of `result.suites`) as its escaped HTML `<section>`, as the report shows it. */
export function renderSuiteSection(name: string, summary: SuiteSummary): string {
  return template('{{> suite-section}}', { inline: true, strict: true })(suiteSectionView(name, summary));
}
