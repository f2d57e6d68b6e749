/**
 * StereoSet dev set (Nadeem et al., ACL 2021; moinnadeem/StereoSet) in its flat form: one JSON object per
 * line with exactly the keys type, target, bias_type, context, stereotype, anti-stereotype, unrelated
 * (the option fields hold the sentence carrying that gold label).
 *
 * Scored text: for intrasentence items the option is already the full sentence (the context with BLANK
 * filled in), so it is scored as is. For intersentence items the option is a candidate *next* sentence,
 * so the classifier scores `context + " " + option`: the option only means something after its context.
 */
import { datasetError, readDatasetText, splitLines } from './text.js';

export type StereoSetType = 'intrasentence' | 'intersentence';
export type StereoSetBiasType = 'gender' | 'profession' | 'race' | 'religion';
export type StereoSetLabel = 'stereotype' | 'anti-stereotype' | 'unrelated';

export const STEREOSET_TYPES: readonly StereoSetType[] = ['intrasentence', 'intersentence'];
export const STEREOSET_BIAS_TYPES: readonly StereoSetBiasType[] = ['gender', 'profession', 'race', 'religion'];
export const STEREOSET_LABELS: readonly StereoSetLabel[] = ['stereotype', 'anti-stereotype', 'unrelated'];

export const STEREOSET_FLAT_FILE = 'stereoset/dev.flat.jsonl';

export interface StereoSetItem {
  /** `<type>.<line>`: the flat file has no ids of its own, so the line number identifies the item. */
  id: string;
  type: StereoSetType;
  target: string;
  biasType: StereoSetBiasType;
  context: string;
  /** The three options as written in the file. */
  options: Record<StereoSetLabel, string>;
  /** The text to score for each option (see the module comment). */
  texts: Record<StereoSetLabel, string>;
}

/** One line of the flat file, as written (snake_case keys, as in the file format). */
export interface StereoSetFlatRecord {
  type: StereoSetType;
  target: string;
  bias_type: StereoSetBiasType;
  context: string;
  stereotype: string;
  'anti-stereotype': string;
  unrelated: string;
}

const FLAT_KEYS = ['type', 'target', 'bias_type', 'context', 'stereotype', 'anti-stereotype', 'unrelated'] as const;

/** The text a classifier scores for one option of an item. */
export function stereoSetText(type: StereoSetType, context: string, option: string): string {
  return type === 'intersentence' ? `${context} ${option}` : option;
}

/** What is wrong with one flat record, or undefined when it is well formed. */
function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !(FLAT_KEYS as readonly string[]).includes(k));
  if (extra !== undefined) return `unexpected key "${extra}"`;
  const missing = FLAT_KEYS.find((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing !== undefined) return `"${missing}" must be a non-empty string`;
  if (!STEREOSET_TYPES.includes(record.type as StereoSetType)) return `unknown type "${String(record.type)}"`;
  if (!STEREOSET_BIAS_TYPES.includes(record.bias_type as StereoSetBiasType)) return `unknown bias_type "${String(record.bias_type)}"`;
  if (record.type === 'intrasentence' && !(record.context as string).includes('BLANK')) return 'intrasentence context has no BLANK';
  return undefined;
}

/** Parses the flat JSON Lines form. Blank lines are errors: every line is one item. */
export function parseStereoSetFlat(text: string, file: string): StereoSetItem[] {
  return splitLines(text, file).map((raw, i) => {
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw datasetError(file, line, `invalid JSON (${(e as Error).message})`);
    }
    const problem = recordProblem(value);
    if (problem !== undefined) throw datasetError(file, line, problem);
    const r = value as StereoSetFlatRecord;
    const options = { stereotype: r.stereotype, 'anti-stereotype': r['anti-stereotype'], unrelated: r.unrelated };
    const texts = {
      stereotype: stereoSetText(r.type, r.context, r.stereotype),
      'anti-stereotype': stereoSetText(r.type, r.context, r['anti-stereotype']),
      unrelated: stereoSetText(r.type, r.context, r.unrelated),
    };
    return { id: `${r.type}.${line}`, type: r.type, target: r.target, biasType: r.bias_type, context: r.context, options, texts };
  });
}

/**
 * Converts the original StereoSet `dev.json` (`{version, data: {intrasentence: [...], intersentence: [...]}}`,
 * each example with `sentences[]` carrying a `gold_label`) into flat records: intrasentence examples first,
 * then intersentence, each in file order. Per-sentence ids and annotator labels are dropped.
 */
export function flattenStereoSet(json: unknown, file: string): StereoSetFlatRecord[] {
  const data = (json as { data?: Record<string, unknown> } | null)?.data;
  if (typeof data !== 'object' || data === null) throw datasetError(file, undefined, 'expected an object with a "data" field');
  return STEREOSET_TYPES.flatMap((type) => {
    const examples = data[type];
    if (!Array.isArray(examples)) throw datasetError(file, undefined, `data.${type} must be an array`);
    return examples.map((ex: unknown, i): StereoSetFlatRecord => {
      const where = `data.${type}[${i}]`;
      const e = ex as { target?: unknown; bias_type?: unknown; context?: unknown; sentences?: unknown };
      if (!Array.isArray(e?.sentences)) throw datasetError(file, undefined, `${where}.sentences must be an array`);
      const byLabel = new Map<string, string>();
      for (const s of e.sentences as { sentence?: unknown; gold_label?: unknown }[]) {
        const label = String(s?.gold_label);
        if (!STEREOSET_LABELS.includes(label as StereoSetLabel)) throw datasetError(file, undefined, `${where}: unknown gold_label ` +
          `"${label}"`);
        if (byLabel.has(label)) throw datasetError(file, undefined, `${where}: two sentences labelled "${label}"`);
        if (typeof s.sentence !== 'string') throw datasetError(file, undefined, `${where}: sentence must be a string`);
        byLabel.set(label, s.sentence);
      }
      const absent = STEREOSET_LABELS.find((label) => !byLabel.has(label));
      if (absent !== undefined) throw datasetError(file, undefined, `${where}: no sentence labelled "${absent}"`);
      const record = {
        type,
        target: e.target,
        bias_type: e.bias_type,
        context: e.context,
        stereotype: byLabel.get('stereotype'),
        'anti-stereotype': byLabel.get('anti-stereotype'),
        unrelated: byLabel.get('unrelated'),
      };
      const problem = recordProblem(record);
      if (problem !== undefined) throw datasetError(file, undefined, `${where}: ${problem}`);
      return record as StereoSetFlatRecord;
    });
  });
}

/** Serialises flat records as JSON Lines (one object per line, newline after the last). */
export function toJsonLines(records: StereoSetFlatRecord[]): string {
  return records.map((r) => JSON.stringify(r, FLAT_KEYS as unknown as string[])).join('\n') + '\n';
}

/** Loads `<dir>/stereoset/dev.flat.jsonl`: 2,106 intrasentence + 2,123 intersentence items. */
export async function loadStereoSet(dir: string): Promise<StereoSetItem[]> {
  const { path, text } = await readDatasetText(dir, STEREOSET_FLAT_FILE);
  return parseStereoSetFlat(text, path);
}
