import type { AuditResult, GroupStat, ProbeStats } from '../result/index.js';
import { effectMark, shownInterval, templatesOnSide } from '../result/index.js';
import * as fmt from '../util/format.js';
import { attributeNoun, capitalise, plural } from '../util/nouns.js';

/**
 * The plain-language summary: a few sentences generated from the stats, each one a claim the tables and
 * charts below support. Sentences are plain text (the template escapes them).
 */

/** How many significant groups are named in each direction. */
const NAMED_PER_DIRECTION = 3;

export function summarySentences(result: AuditResult, stats: ProbeStats): string[] {
  const noun = attributeNoun(stats.attribute);
  const many = plural(noun);
  const target = `P(${result.target})`;
  const d = stats.design;
  const out: string[] = [];

  if (result.probe?.expectation.type === 'invariant') {
    out.push(`This probe expects the score not to depend on the ${noun}: the sentences differ only in the ${noun} named.`);
  }
  const otherFrames = stats.frames.filter((f) => !d.frames.includes(f.frame));
  out.push(
    `Across ${stats.n_templates} ${d.frames.join(' and ')} templates in ${d.n_families} paraphrase families and ${stats.n_groups} ${many}, the mean ${target} is ` +
      `${fmt.score(stats.overall_mean, 2)} (95% CI ${fmt.interval(stats.overall_ci, 2)}).` +
      (otherFrames.length > 0 ? ` ${capitalise(otherFrames.map((f) => f.frame).join(' and '))} frames, which saturate near 0 or 1, are reported apart below.` : ''),
  );
  out.push(
    `A ${noun}'s effect is its mean score minus the average over all ${many} in the same template (each paraphrase family counted once); ` +
      `every test, interval, rank, colour and metric below uses this one contrast, on the probability scale.`,
  );

  const byEffect = [...stats.groups].filter((g) => Number.isFinite(g.centred)).sort((a, b) => a.centred - b.centred);
  const low = byEffect[0];
  const high = byEffect[byEffect.length - 1];
  const maxAbs = stats.summary.max_abs_effect;
  const sd = stats.summary.effect_sd;
  if (low && high && low !== high) {
    out.push(
      `Effects range from ${fmt.signed(low.centred, 2)} (${low.key}) to ${fmt.signed(high.centred, 2)} (${high.key}); the range itself is descriptive, without an interval.` +
        (maxAbs ? ` The largest |effect| is ${fmt.score(maxAbs.value, 2)} (simultaneous 95% CI ${fmt.interval(maxAbs.ci, 2)}).` : '') +
        (sd ? ` The spread of the true effects (SD, sampling noise removed) is ${fmt.score(sd.value, 3)} (95% CI ${fmt.interval(sd.ci, 3)}).` : ''),
    );
  }

  // The mark of every other place (result/effect.ts): the simultaneous interval excludes 0.
  const differing = stats.groups.filter((g) => effectMark(g) !== null);
  if (differing.length === 0) {
    out.push(`No ${noun}'s effect has a simultaneous 95% interval that excludes 0: none can be told from the average of all ${many}.`);
  } else {
    const assessed = differing.filter((g) => Array.isArray(g.wording));
    const flipped = assessed.filter((g) => g.direction_flip === true).length;
    const everyTemplate = differing.filter((g) => templatesOnSide(g) === stats.n_templates).length;
    out.push(
      `${differing.length} of ${stats.n_groups} ${many} differ from the average of all ${many}: their simultaneous 95% interval ` +
        `(over all ${stats.n_groups}) excludes 0; ${everyTemplate} of them are on the same side in every one of the ${stats.n_templates} templates.` +
        (assessed.length === 0
          ? ' The probe has no paraphrases, so wordings are not compared.'
          : flipped === 0
            ? ' No paraphrase wording set reverses any of them.'
            : ` For ${flipped} of them a paraphrase wording set shows the opposite direction (its own interval excludes 0 on the other side).`),
    );
    for (const direction of ['lower', 'higher'] as const) {
      differing
        .filter((g) => effectMark(g) === direction)
        .sort((a, b) => Math.abs(b.centred) - Math.abs(a.centred))
        .slice(0, NAMED_PER_DIRECTION)
        .forEach((g) => out.push(groupSentence(g, noun, stats.n_templates)));
    }
  }
  out.push(...designCaveats(stats, noun, many));
  const mde = stats.descriptive.min_detectable_effect;
  const minP = stats.descriptive.min_p;
  if (Number.isFinite(mde)) {
    out.push(
      `With ${d.n_families} template families and Holm over ${stats.n_groups} ${many}, effects below about ${fmt.score(mde, 2)} are not detectable at 80% power, ` +
        `so the share of significant ${many} (${fmt.score(stats.descriptive.share_significant, 2)}) measures the design's power as much as the model's bias.`,
    );
  }
  if (minP > 0.05 / stats.n_groups) {
    out.push(`With ${d.n_families} families the test cannot give p below ${fmt.pValue(minP)}, too large to survive Holm over ${stats.n_groups} ${many}: no finding is possible with this design, whatever the model does.`);
  }
  for (const pair of (stats.pairs ?? []).filter((x) => x.p_adj < 0.05)) {
    out.push(
      `${pair.a} and ${pair.b} differ by ${fmt.signed(pair.diff, 2)} (simultaneous 95% CI ${fmt.interval(pair.ci, 2)}, Holm-adjusted p ${fmt.pValue(pair.p_adj)}).`,
    );
  }
  if (stats.control) {
    out.push(
      `For scale: made-up words in the same slot move the score by ${fmt.score(stats.control.mean_abs_shift, 2)} on average from the average of the real ${many} ` +
        `(context only, not a significance baseline).`,
    );
  }
  for (const f of otherFrames) {
    const largest = [...f.groups].filter((g) => Number.isFinite(g.centred)).sort((a, b) => Math.abs(b.centred) - Math.abs(a.centred))[0];
    if (largest) {
      out.push(
        `In the ${f.frame} frames (${f.n_templates} templates), the largest effect is ${fmt.signed(largest.centred, 2)} for ${largest.key} ` +
          `(95% CI ${fmt.interval(largest.centred_ci, 2)}); scores there sit near ${f.frame === 'positive' ? '1' : '0'}, where differences shrink.`,
      );
    }
  }
  const friedman = stats.omnibus.friedman;
  if (friedman) {
    const verdict = friedman.p < 0.05 ? 'rejects' : 'does not reject';
    out.push(
      `A Friedman test over template families ${verdict} equal scores for all ${many} ` +
        `(χ² = ${friedman.statistic.toFixed(1)}, p ${friedman.p < 0.001 ? '< 0.001' : `= ${friedman.p.toFixed(3)}`}).`,
    );
  }
  return out;
}

/**
 * "Scores for X are lower than the average country in the same template by 0.12 (simultaneous 95% CI 0.08 to 0.15),
 * lower on 22 of 24 templates." The interval is the one the table shows; a wording flip is named when measured.
 */
export function groupSentence(g: GroupStat, noun: string, templates: number): string {
  const lower = g.centred < 0;
  const gap = Math.abs(g.centred);
  const [low, high] = shownInterval(g);
  const ci: [number, number] = lower ? [-high, -low] : [low, high];
  const side = lower ? 'lower' : 'higher';
  return (
    `Scores for ${g.key} are ${side} than the average ${noun} in the same template by ${fmt.score(gap, 2)} ` +
    `(simultaneous 95% CI ${fmt.interval(ci, 2)}), ${side} on ${templatesOnSide(g)} of ${templates} templates` +
    (g.direction_flip === true ? '; one paraphrase wording set shows the opposite direction.' : '.')
  );
}

export { attributeNoun, capitalise, plural };

/** What the intervals are conditional on, or why there are none (issue 22): shown beside the findings. */
function designCaveats(stats: ProbeStats, noun: string, many: string): string[] {
  const d = stats.design;
  const out: string[] = [];
  if (d.too_few_templates) {
    out.push(`Too few templates to estimate: ${d.n_families} template families (at least 3 are needed), so no interval and no test is given.`);
  }
  const conditional = stats.groups.filter((g) => g.conditional_on_fillers);
  if (conditional.length === stats.groups.length && conditional.length > 0) {
    out.push(`Every ${noun} has one filler: the intervals are conditional on the fillers used (another word for the same group could score differently).`);
  } else if (conditional.length > 0) {
    out.push(`Conditional on the fillers: ${conditional.map((g) => g.key).join(', ')} (one filler each, and too few groups with several to pool a filler variance from).`);
  } else if (typeof d.filler_variance === 'number' && stats.groups.some((g) => g.n_fillers === 1)) {
    out.push('Groups with one filler borrow the filler variance pooled over the groups with several (the same variance assumed for every group).');
  }
  if (d.stratified_by.length > 0 && d.permutations === 0) {
    out.push(`The fillers carry ${d.stratified_by.join(', ')}: where it differs between ${many}, its effect is part of the group effect.`);
  }
  return out;
}
