/**
 * The report's view of an LLM classifier's prompts and answers: the off-label warning of the first screen (a model
 * that answers something other than the labels), and for a probe scored under several prompts the summary lines and
 * the per-prompt table ("lower under 3 of 3 prompts"), from `model.prompts`, `model.off_label` and `stats.prompts`.
 */
import type { AuditResult, ProbeStats } from '../result/index.js';
import { effectMark } from '../result/index.js';
import * as fmt from '../util/format.js';
import { plural } from '../util/nouns.js';

/** Share of texts with more off-label mass than this: the warning's threshold (as model.off_label counts them). */
const WARN_SHARE = 0;

/** The first screen's warning when the model put more than 10% of its answer off the labels for some texts; else null. */
export function offLabelWarning(result: AuditResult): string | null {
  const o = result.model.off_label;
  if (!o || !(o.share_above_10pct > WARN_SHARE)) return null;
  return `The model often answers something other than the labels: for ${fmt.percent(o.share_above_10pct)} of the ${fmt.count(o.n)} ` +
    `texts with a recorded off-label share more than 10% of its answer was none of the labels (mean ${fmt.percent(o.mean)}, largest ` +
    `${fmt.percent(o.max)}). Scores are normalised over the labels' share, so they say less where that share is small: reword the ` +
    'prompt or the verbalizers.';
}

/** Header facts: the prompts' names and the off-label numbers (null rows are left out). */
export function llmFacts(result: AuditResult): { prompts: string | null; offLabel: string | null } {
  const { prompts, off_label: o } = result.model;
  return {
    prompts: prompts ? `${prompts.length} prompts (${prompts.join(', ')}); every text scored under each, scores are their mean` : null,
    offLabel: o ? `mean ${fmt.percent(o.mean)}, largest ${fmt.percent(o.max)}, above 10% for ${fmt.percent(o.share_above_10pct)} of ` +
      `${fmt.count(o.n)} texts` : null,
  };
}

/** Summary lines and the per-prompt table of a probe scored under several prompts; null otherwise. */
export function promptsView(result: AuditResult, stats: ProbeStats, noun: string) {
  const f = stats.prompts;
  if (!f) return null;
  const names = result.model.prompts ?? f.overall.map((_, i) => `p${i + 1}`);
  const P = f.n_prompts;
  const marked = stats.groups.map((g, i) => ({ g, mark: effectMark(g), agree: f.groups[i]?.agree ?? 0 })).filter((x) => x.mark !== null);
  const everywhere = marked.filter((x) => x.agree === P).length;
  const s = f.variance.shares;
  const summary = [
    `Scored under ${P} prompts (${names.join(', ')}): the effects average over them, and every interval includes the prompt-to-prompt ` +
      `variation of the effect (the prompt is a crossed factor, like a template family).`,
    marked.length === 0
      ? `No ${noun} differs once the prompts' variation is counted.`
      : `Of the ${marked.length} ${marked.length === 1 ? noun : plural(noun)} that differ, ${everywhere} ` +
        `point${everywhere === 1 ? 's' : ''} ` +
        `the same way under every prompt.`,
    `The prompt's wording moves the average score by ${fmt.score(f.variance.prompt_sd)} (SD over prompts) and accounts for ` +
      `${fmt.percent(s.prompt + s['prompt:group'] + s['prompt:text'])} of the scores' variation ` +
      `(${fmt.percent(s['prompt:group'])} is the ${noun} x prompt interaction).`,
  ];
  return {
    summary,
    names,
    rows: stats.groups.map((g, i) => {
      const row = f.groups[i];
      const side = g.centred < 0 ? 'lower' : 'higher';
      return {
        key: g.key,
        effect: fmt.signed(g.centred),
        effects: row.effects.map((e) => fmt.signed(e)),
        holds: g.centred === 0 ? '–' : `${side} under ${row.agree} of ${P}`,
      };
    }),
    shares: [
      { name: 'Between texts', share: fmt.percent(s.text) },
      { name: 'Prompt', share: fmt.percent(s.prompt) },
      { name: `${noun} × prompt`, share: fmt.percent(s['prompt:group']) },
      { name: 'Text × prompt (rest)', share: fmt.percent(s['prompt:text']) },
    ],
    method: f.method,
  };
}
