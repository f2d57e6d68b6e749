/** Types of the data stage (`audit run --data FILE`): the table read and its parts (result.json's `data`: src/result/data.ts). */
import type { SwapSummary } from '../stats/fairness/index.js';

export type DataFormat = 'csv' | 'tsv' | 'jsonl';

/** The texts of a data file after reading, validation and sampling (row order = file order). */
export interface DataTable {
  /** The file read (or the resolved file of a built-in dataset). */
  file: string;
  /** What the user named: a path or a built-in id. */
  source: string;
  format: DataFormat;
  columns: string[];
  textColumn: string;
  labelColumn: string | null;
  /** The label values counted as the positive class (the model's target), and the other class's value. */
  positiveLabels: string[];
  negativeLabel: string | null;
  texts: string[];
  /** 1-based line of each kept row in the file. */
  lines: Int32Array;
  /** 1 = positive, 0 = negative; null without --label-column. */
  labels: Uint8Array | null;
  /** --group-columns: column -> indices (into texts) of the rows marked 1/true. */
  groups: { name: string; members: number[] }[];
  /** Rows in the file, and how they were cut down (--sample). */
  rowsInFile: number;
  sampled: { n: number; seed: number } | null;
}

/** One identity mention found in a text. */
export interface Mention {
  axis: string;
  /** The group the term belongs to (e.g. female, Muslim, Kenya). */
  group: string;
  /** The lexicon term matched (lexicon spelling). */
  term: string;
  /** Character offsets in the text [start, end). */
  start: number;
  end: number;
  /** The exact text matched (case kept). */
  surface: string;
  /** The term's form (object, possessive, adjective, noun:woman_man, ...), decided by the tagger where words alone do not. */
  role: string;
  /** The tagger's context left the reading open (e.g. "gave her flowers"). */
  unsure?: boolean;
  /** The words may not name the identity at all ("turkey was great"; data/ambiguous.ts): left out of the statistics by default. */
  ambiguous?: boolean;
}

/** One counterfactual text: a source text with one mention replaced. */
export interface Counterfactual {
  source: number;
  axis: string;
  from: string;
  to: string;
  text: string;
  /** The replaced surface and its replacement. */
  original_term: string;
  replacement: string;
  /** The tagger was not sure of the grammatical role (e.g. "her" as object or possessive). */
  unsure: boolean;
}

export interface SwapPairResult extends SwapSummary {
  from: string;
  to: string;
  /** Holm-adjusted over every from -> to pair of the run (all axes). */
  p_adj: number | null;
  /** Holm-adjusted within this pair's axis only (secondary view). */
  p_adj_axis: number | null;
  /** p_adj < 0.05. */
  significant: boolean;
  /** The mean change's 95% interval, Šidák-simultaneous over every pair of the run (for findings); absent in older runs. */
  sim_ci?: [number | null, number | null];
  /** The typical counterfactual (change closest to the pair's median), for findings; absent in older runs. */
  example?: SwapExample;
}

export interface SwapExample {
  from: string;
  to: string;
  original: string;
  counterfactual: string;
  original_score: number;
  counterfactual_score: number;
  change: number;
  unsure: boolean;
}

export interface SwapAxisResult extends SwapSummary {
  axis: string;
  /** Texts mentioning the axis. */
  texts_mentioning: number;
  /** Groups of the axis; when more than --swap-groups, the seeded sample of target groups used. */
  groups: number;
  target_groups: string[];
  sampled_targets: boolean;
  unsure: number;
  pairs: SwapPairResult[];
  largest_changes: SwapExample[];
}

export interface DataCoverage {
  texts: number;
  /** Per axis: texts that mention it. */
  per_axis: Record<string, number>;
  /** Axes no text mentions. */
  unmentioned: string[];
  /** Texts that mention no axis. */
  no_mention: number;
}
