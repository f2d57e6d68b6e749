/**
 * The `result.json` contract (schema_version 1). Field names are snake_case because this mirrors the file.
 * Producers: runner (records, model, probe), stats (stats). Consumers: report, check, diff, export.
 */

export const RESULT_SCHEMA_VERSION = '1.0';

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

export interface Interval {
  value: number;
  /** 95% interval [low, high]. */
  ci: [number, number];
}

export interface GroupStat {
  key: string;
  n: number;
  mean: number;
  ci: [number, number];
  /** Mean of the template-centred scores (score minus the template's median over groups). */
  centred: number;
  centred_ci: [number, number];
  rank: number;
  rank_ci: [number, number];
  /** Group vs the rest, paired by template: Wilcoxon signed-rank p and sign-flip permutation p. */
  p: number;
  p_perm: number;
  /** Holm-adjusted p (family: all groups); `p_adj_bh` Benjamini-Hochberg. */
  p_adj: number;
  p_adj_bh: number;
  significant: boolean;
  /** Direction and significance hold across paraphrased templates. */
  stable: boolean;
  direction: 'higher' | 'lower' | 'none';
  /** Templates where this group is above / below the template's median. */
  templates_above: number;
  templates_below: number;
  /** Lexicon attributes of the group (iso3, numeric, region, ...). */
  attrs: Record<string, string | number | boolean | null>;
}

export interface TemplateStat {
  template_id: string;
  template: string;
  frame: Frame;
  paraphrase_of: string | null;
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

export interface ProbeStats {
  attribute: string | string[];
  seed: number;
  resamples: number;
  n_records: number;
  n_groups: number;
  n_templates: number;
  overall_mean: number;
  overall_ci: [number, number];
  groups: GroupStat[];
  templates: TemplateStat[];
  /** Roll-ups by a group attribute, e.g. {region: [...], income_group: [...]}. */
  rollups: Record<string, RollupStat[]>;
  omnibus: { friedman: { statistic: number; p: number; k: number; n: number } | null };
  /** The control lexicon's spread: the null baseline (null when the probe has no control). */
  control: { n_groups: number; score_range: number; sd: number; group_gap: Interval } | null;
  /** Named metrics that policies refer to, each with its 95% interval. */
  summary: Record<string, Interval>;
  /** Most extreme sentence pairs (same template, different group). */
  extreme_pairs: { template_id: string; low: ScoredText; high: ScoredText; gap: number }[];
}

export interface AuditResult {
  schema_version: string;
  tool: { name: string; version: string };
  created_at: string;
  model: ModelInfo;
  target: string;
  probe: ProbeInfo | null;
  suite: string | null;
  lexicons: { name: string; version: string; source: string }[];
  seed: number;
  timings: Record<string, number>;
  counts: { sentences: number; unique_texts: number; scored: number; cached: number };
  records: ResultRecord[];
  stats: ProbeStats | null;
  /** Benchmark suites: per-suite summaries (suites issue). */
  suites?: Record<string, unknown>;
}
