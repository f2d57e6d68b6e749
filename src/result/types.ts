/**
 * The `result.json` contract: one result per kind of run, told apart by `kind` (schema_version 3.0; 2.x files are
 * read with `kind` filled in, see read.ts). Field names are snake_case because this mirrors the file. The zod schema
 * (schema.ts) checks the same shape and a compile-time check there keeps the two from drifting.
 * Producers: runner (records, model, probe), stats (stats), suites (suites), data (data). Consumers: report, check,
 * diff, export, replay. Nothing here imports a stage: result/ sits below every stage that writes or reads it.
 */
import type { Interval } from './interval.js';
import type { DataBlock } from './data.js';
import type { IntersectionTable } from './intersection.js';
import type { DescriptiveName, MetricName } from './metrics.js';
import type { SuiteSummaries } from './suites.js';

export type { Interval };

/**
 * 3.0: `kind` and typed suite summaries. Later optional fields are minor versions: 3.1 replaces `stable` with `wording` and
 * `direction_flip` (stats/probe/robustness.ts; `stable` is still read); 3.2 adds `pronoun_gap`; 3.3 adds `intersection`
 * (probes with two crossed attributes) and `data.factorial`.
 */
export const RESULT_SCHEMA_VERSION = '3.3';

/** A lexicon entry as it appears in a record's slots: `value` is the text substituted, plus attributes. */
export interface SlotValue {
  value: string;
  /** Attributes from the lexicon, e.g. iso2, iso3, numeric, region, subregion, income_group, gender. */
  [attr: string]: string | number | boolean | null | undefined;
}

export type Frame = 'neutral' | 'positive' | 'negative';

export interface ResultRecord {
  text: string;
  /** The template's text, e.g. "This film was filmed in {country}." */
  template: string;
  template_id: string;
  frame: Frame;
  /** The template this one paraphrases (its id), or null. */
  paraphrase_of: string | null;
  /** Slot name -> entry used. */
  slots: Record<string, SlotValue>;
  /** True when the probe's attribute slot was filled from the control (made-up words) lexicon. */
  control: boolean;
  /** The group this sentence belongs to (the attribute's value, e.g. "Kenya", or "female" for `name.gender`). */
  group: string;
  /** The lexicon entry that filled the attribute slot (equals `group` when the attribute is a slot itself). */
  filler: string;
  /** In `model.labels` order. */
  probs: number[];
  /** P(target). */
  score: number;
  label: string;
  /** LLM classifiers: the share of the answer that was none of the labels (mean over prompts). */
  off_label?: number;
  /** LLM classifiers with several prompts: the score under each, in `model.prompts` order (`score` is their mean). */
  prompt_scores?: number[];
  /**
   * LLM classifiers scored from sampled answers (`--sample-answers K`), texts scored in this run: how many answers
   * (K per prompt, off-label ones included) and how many named each label (`model.labels` order).
   */
  answers?: { n: number; counts: number[] };
  /** Benchmark suites only. */
  suite?: string;
  item?: string;
  role?: string;
  [extra: string]: unknown;
}

export interface ModelInfo {
  name: string;
  fingerprint: string;
  /** tfjs, onnx or http. */
  engine: string;
  /** Why this engine ran, e.g. "auto: no GPU backend (...); onnxruntime-node loaded". */
  engine_reason?: string;
  backend: string;
  labels: string[];
  /** True when the embedded demo model (a small stand-in) was audited. */
  demo: boolean;
  /**
   * Present (true) when the model is multi-label: each label's probability is its own sigmoid (or the endpoint was
   * declared --multi-label), so `probs` need not sum to 1 and `target` is the one label this run audited.
   */
  multi_label?: boolean;
  /**
   * Present when workers scored the run through a queue (`--queue`): the Redis URL with its secrets masked, and whether
   * answers were authenticated with the shared secret (false: --insecure-queue).
   */
  queue?: { url: string; authenticated: boolean };
  /**
   * LLM classifiers with several paraphrased prompts: their names, in file order. Every text was scored under each;
   * records' `score` is the mean over prompts and `prompt_scores` each prompt's score, in this order.
   */
  prompts?: string[];
  /**
   * LLM classifiers: the share of each answer that was none of the labels, over the texts scored in this run (texts
   * read from the cache carry none): how many, the mean, the largest, and the share of texts above 10%.
   */
  off_label?: { n: number; mean: number; max: number; share_above_10pct: number };
  /**
   * LLM classifiers scored from sampled answers (`--sample-answers K`; servers without log-probabilities): K answers per
   * text and prompt at this temperature, scores the labels' frequencies among the answers that named a label, each
   * with binomial SE sqrt(p(1-p)/K) <= max_se = 0.5/sqrt(K) (docs/statistics.md "Sampled scores").
   */
  sampled?: { answers_per_text: number; temperature: number; max_tokens: number; max_se: number };
}

export interface ProbeInfo {
  id: string;
  title: string;
  description: string;
  /** What the groups are: a slot ("country"), a slot's attribute ("name.ethnicity"), or a list of these. */
  attribute: string | string[];
  expectation: { type: 'invariant' | 'directional'; direction?: 'up' | 'down' | null };
  /** The spec as run (normalized), for reproduction. */
  spec: unknown;
}

/** One sentence of an extreme pair: its text, score and group key. */
export interface ScoredText {
  text: string;
  score: number;
  key: string;
}

export interface GroupStat {
  key: string;
  n: number;
  /** Distinct fillers (e.g. names) of the group; 1 when the group is its own filler (a country). */
  n_fillers: number;
  /** Mean score (families weighted equally, then fillers) with a t-type 95% interval. */
  mean: number;
  ci: [number, number];
  /**
   * The group effect, the one contrast used everywhere: the group's mean score minus the average over all
   * groups in the same template, averaged over paraphrase families (docs/statistics.md). 95% t-type interval.
   */
  centred: number;
  centred_ci: [number, number];
  /** Simultaneous 95% interval of the effect over all groups (Šidák t quantile). */
  sim_ci: [number, number];
  /** Standard error of the effect (template and filler parts) and its Satterthwaite degrees of freedom (2.2). */
  se?: number;
  df?: number;
  /**
   * The interval is conditional on this group's one filler (its filler's own variance is not in it): every group has
   * one filler, or fewer than two groups have two or more to pool a filler variance from (2.2).
   */
  conditional_on_fillers?: boolean;
  /** Rank by effect (1 = highest), with a bootstrap percentile rank interval. */
  rank: number;
  rank_ci: [number, number];
  /**
   * The test's p: t = effect / SE with the interval's SE and df (so p < 0.05 exactly when centred_ci excludes 0);
   * with several fillers per group, the larger of that and the filler-permutation p.
   */
  p: number;
  /** Sign-flip permutation p over paraphrase families (paired by template), reported beside the test. */
  p_perm: number;
  /** Holm-adjusted p (family: all groups); `p_adj_bh` Benjamini-Hochberg. */
  p_adj: number;
  p_adj_bh: number;
  significant: boolean;
  /**
   * The effect per paraphrase wording set (set 0: the original wordings): mean contrast, number of templates and
   * the set's own interval at the Šidák level over groups; null when the probe has no paraphrases.
   */
  wording?: WordingSet[] | null;
  /** Some wording set's interval lies wholly on the other side of 0 from the effect; null without paraphrases. */
  direction_flip?: boolean | null;
  /** Schema 3.0 and older: "p < 0.05 in every wording set" (measured the power of small sets); read, never written. */
  stable?: boolean | null;
  /** Sign of the effect where significant. */
  direction: 'higher' | 'lower' | 'none';
  /** Templates where the group is above / below the average over groups (the same contrast). */
  templates_above: number;
  templates_below: number;
  /** Lexicon attributes of the group (iso3, numeric, region, ...). */
  attrs: Record<string, string | number | boolean | null>;
}

/** One paraphrase wording set's reading of a group's effect (stats/probe/robustness.ts). */
export interface WordingSet {
  n_templates: number;
  mean: number;
  ci: [number, number] | null;
}

/** Difference of two groups' effects (probes with few groups), with a simultaneous interval over all pairs. */
export interface PairStat {
  a: string;
  b: string;
  /** effect(a) - effect(b) = mean(a) - mean(b). */
  diff: number;
  ci: [number, number];
  p: number;
  p_adj: number;
}

export interface TemplateStat {
  template_id: string;
  template: string;
  frame: Frame;
  paraphrase_of: string | null;
  /** The paraphrase family the template counts in (the resampling unit). */
  family: string;
  n: number;
  mean: number;
  median: number;
  /** Perturbation sensitivity across groups (Prabhakaran et al. 2019). */
  score_range: number;
  score_sd: number;
  flip_rate: number;
}

export interface RollupStat {
  key: string;
  n_groups: number;
  mean: number;
  ci: [number, number];
}

/** How the design was analysed: what the tests and intervals resample, and what they can reach. */
export interface DesignStat {
  /** Frames of the headline analysis (neutral when the probe has neutral templates). */
  frames: Frame[];
  /** The scale every test and interval uses. */
  scale: 'probability';
  n_families: number;
  /** Fewest and most fillers of a group. */
  fillers_per_group: [number, number];
  /** 't over families and filler permutation' only in schema 2.x files (the permutation left the decision in 2.2). */
  test: 't over families' | 't over families and fillers' | 't over families and filler permutation';
  /**
   * Declared confounders the fillers carry (a name's gender): since 2.2 no permutation is stratified by them; the
   * group effect includes their effect where they differ between groups, and the report names them.
   */
  stratified_by: string[];
  /** Other slots, resampled as crossed with templates. */
  crossed_slots: string[];
  /** Smallest degrees of freedom over the groups (each group has its own: `groups[].df`). */
  df: number;
  /** Critical value of the simultaneous intervals (Šidák t) at that smallest df: the widest group's. */
  critical_max_t: number;
  resamples: number;
  /** 0 since 2.2 (no filler permutation in the decision). */
  permutations: number;
  /** Pooled variance of fillers within groups (probability scale), null when no group has two or more fillers (2.2). */
  filler_variance?: number | null;
  /** Its degrees of freedom, sum over groups of (fillers - 1) (2.2). */
  filler_variance_df?: number;
  /** Fewer than 3 paraphrase families: no t interval and no test ("too few templates to estimate") (2.2). */
  too_few_templates?: boolean;
}

/** One frame analysed on its own (positive and negative frames saturate near 0 and 1). */
export interface FrameStat {
  frame: Frame;
  n_templates: number;
  n_families: number;
  groups: { key: string; centred: number; centred_ci: [number, number] }[];
}

export interface ProbeStats {
  attribute: string | string[];
  seed: number;
  resamples: number;
  n_records: number;
  n_groups: number;
  /** Templates of the headline analysis (design.frames). */
  n_templates: number;
  overall_mean: number;
  overall_ci: [number, number];
  design: DesignStat;
  groups: GroupStat[];
  /** Pairwise differences of effects, for probes with at most 6 groups; null otherwise. */
  pairs: PairStat[] | null;
  /** Every template of the probe, whatever its frame. */
  templates: TemplateStat[];
  frames: FrameStat[];
  /** Roll-ups by a group attribute, e.g. {region: [...], income_group: [...]}. */
  rollups: Record<string, RollupStat[]>;
  omnibus: { friedman: { statistic: number; p: number; k: number; n: number } | null };
  /** Made-up words in the same slot: context ("they move the score by X"), never a significance baseline. */
  control: { n_words: number; mean_abs_shift: number; sd_shift: number; score_range: number } | null;
  /** Named metrics that policies refer to (stats/metrics), each with its 95% interval. */
  summary: Partial<Record<MetricName, Interval>>;
  /** Numbers without an interval claim (stats/metrics DESCRIPTIVE). */
  descriptive: Record<DescriptiveName, number>;
  /** Most extreme sentence pairs (same template, different group). */
  extreme_pairs: { template_id: string; low: ScoredText; high: ScoredText; gap: number }[];
  /**
   * Where the variation of the scores comes from (REML variance decomposition, docs/statistics.md section 9), on
   * the headline templates with the paraphrase family as the template unit. Null when the design cannot be fitted
   * (e.g. one group); absent in results written before schema 2.1.
   */
  variance?: VarianceStat | null;
  /** The she − he gap per filler where a gendered pronoun slot is crossed with the attribute (schema 3.2; absent otherwise). */
  pronoun_gap?: PronounGapStat;
  /** Two crossed attributes (`attributes:` in the probe file): cells, main effects, interactions (schema 3.3). */
  intersection?: IntersectionTable;
  /** An LLM asked under several prompts: the prompt as a crossed factor (stats/probe/prompts.ts; absent otherwise). */
  prompts?: PromptFactorStat;
}

/** The prompt as a crossed design factor (records scored under several prompts of an LLM classifier). */
export interface PromptFactorStat {
  n_prompts: number;
  /** How the prompt enters the intervals, in one line. */
  method: string;
  /** The overall mean score under each prompt (model.prompts order). */
  overall: number[];
  /** Per group: its effect under each prompt, how many prompts agree in sign with the pooled effect, their SD. */
  groups: { key: string; effects: number[]; agree: number; prompt_se: number }[];
  /** Sums of squares of the per-prompt scores (headline, non-control): shares between texts, prompt, prompt x group, rest. */
  variance: {
    ss_total: number;
    shares: { text: number; prompt: number; 'prompt:group': number; 'prompt:text': number };
    /** SD of the prompts' mean scores: how far the wording alone moves the average score. */
    prompt_sd: number;
  };
}

/** The random-effect components of the variance decomposition; null where the design cannot tell one apart. */
export interface VarianceComponents {
  template: number | null;
  filler: number | null;
  'template:group': number | null;
  residual: number;
}

export interface VarianceStat {
  method: 'REML';
  /** Variances on the probability scale. */
  components: VarianceComponents;
  /** Each component's share of template + filler + template:group + residual (null where the component is). */
  shares: VarianceComponents;
  /** Components the design cannot estimate, and why. */
  not_identifiable: { component: string; reason: string }[];
  /** Components estimated at the boundary (0). */
  clamped: string[];
  /** SD (divisor G - 1) of the fitted group means (fixed effects; not part of the shares). */
  group_spread: number;
  /** Records fitted (non-control, headline templates). */
  n: number;
  converged: boolean;
  /** The plain-language lines of the report (varcompSummary). */
  summary: string[];
}

/** What every result has, whatever its kind. */
export interface ResultBase {
  schema_version: string;
  tool: { name: string; version: string };
  created_at: string;
  model: ModelInfo;
  target: string;
  lexicons: { name: string; version: string; source: string }[];
  seed: number;
  timings: Record<string, number>;
  counts: { sentences: number; unique_texts: number; scored: number; cached: number };
}

/** A probe run (`audit run --probe`): every sentence in `records`, the probe analysis in `stats`. */
export interface ProbeResult extends ResultBase {
  kind: 'probe';
  probe: ProbeInfo;
  suite: null;
  records: ResultRecord[];
  stats: ProbeStats;
}

/** A benchmark-suite run (`audit run --suite`, HolisticBias included): per-suite summaries in `suites`. */
export interface SuiteResult extends ResultBase {
  kind: 'suite';
  probe: null;
  /** The suites run, e.g. "winobias+stereoset" or "holisticbias". */
  suite: string;
  records: ResultRecord[];
  stats: null;
  suites: SuiteSummaries;
}

/** `audit run --data`: group metrics and counterfactual swaps on the user's texts (records in records.jsonl). */
export interface DataResult extends ResultBase {
  kind: 'data';
  probe: null;
  suite: null;
  /** Always empty: a data run's records stream to `data.records_file` beside result.json. */
  records: ResultRecord[];
  stats: null;
  data: DataBlock;
}

export type AuditResult = ProbeResult | SuiteResult | DataResult;
export type ResultKind = AuditResult['kind'];

/** What a kind adds to the base: the part a run's plan analyses (assembleResult joins it to the base). */
export type ResultBody = BodyOf<AuditResult>;
type BodyOf<R> = R extends AuditResult ? Omit<R, keyof ResultBase> : never;

/** One filler's she − he gap (neutral templates, mean over paraphrase families, t interval over families). */
export interface PronounGapRow {
  filler: string;
  gap: number;
  ci: [number, number];
  n_families: number;
  /** The lexicon's share of women in percent (US BLS), or null where the lexicon has none. */
  share_women: number | null;
}

/** The gap against the share of women: OLS slope per unit share (0 to 1), t interval; Pearson r, Fisher z interval. */
export interface ShareRelation {
  n: number;
  slope: number;
  slope_ci: [number, number];
  slope_p: number;
  pearson_r: number;
  pearson_ci: [number, number];
}

export interface PronounGapStat {
  slot: string;
  rows: PronounGapRow[];
  /** Null when fewer than 4 fillers have a share of women in their lexicon entry: the rows only. */
  share_women: ShareRelation | null;
}
