/**
 * CrowS-Pairs (Nangia et al., EMNLP 2020; nyu-mll/crows-pairs): 1,508 minimal pairs over 9 bias types.
 * RFC-4180 CSV with quoted fields that may hold commas, quotes and newlines, so it is parsed with d3-dsv
 * (part of d3) rather than split by hand. The README warns of "significant issues with noise and
 * reliability" (citing Blodgett et al. 2021); reports should say so.
 */
import { csvParseRows } from 'd3';
import { datasetError, readDatasetText } from './text.js';

export const CROWS_PAIRS_FILE = 'crows-pairs/crows_pairs_anonymized.csv';

export const CROWS_BIAS_TYPES = [
  'race-color',
  'gender',
  'socioeconomic',
  'nationality',
  'religion',
  'age',
  'sexual-orientation',
  'physical-appearance',
  'disability',
] as const;
export type CrowsBiasType = (typeof CROWS_BIAS_TYPES)[number];

export interface CrowsPair {
  /** The row index from the file's unnamed first column (0-based). */
  id: number;
  /** The more stereotypical sentence. */
  sentMore: string;
  /** The less stereotypical sentence (a minimal edit of sentMore). */
  sentLess: string;
  /**
   * `stereo`: sentMore demonstrates a stereotype of a disadvantaged group; `antistereo`: sentLess
   * violates one. Either way the stereotype-consistent sentence is sentMore.
   */
  direction: 'stereo' | 'antistereo';
  biasType: CrowsBiasType;
  /** Each annotator's bias-type labels (an empty list when an annotator gave none). */
  annotations: string[][];
  writer: string;
  annotators: string[];
}

const HEADER = ['', 'sent_more', 'sent_less', 'stereo_antistereo', 'bias_type', 'annotations', 'anon_writer', 'anon_annotators'];

/**
 * 1-based line on which each CSV record starts. d3-dsv does not report positions, and a quoted field
 * may span lines, so this follows the quotes to keep error messages pointing at the right line.
 */
export function csvRecordLines(text: string): number[] {
  const starts = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted; // an escaped "" toggles twice, which leaves the state unchanged
    else if (c === '\n') {
      line++;
      if (!quoted && i + 1 < text.length) starts.push(line);
    }
  }
  return starts;
}

/** Parses a Python list-of-strings literal such as `['a77', 'a78']` (single-quoted, not JSON). */
export function parsePythonStringList(literal: string): string[] | undefined {
  const m = /^\[(.*)\]$/s.exec(literal.trim());
  if (!m) return undefined;
  const inner = m[1].trim();
  if (inner === '') return [];
  const items = inner.split(',').map((s) => s.trim());
  const out: string[] = [];
  for (const item of items) {
    const q = /^'([^']*)'$/.exec(item);
    if (!q) return undefined;
    out.push(q[1]);
  }
  return out;
}

/** Parses a Python list of string lists such as `[['gender'], [], ['age', 'gender']]`. */
export function parsePythonStringLists(literal: string): string[][] | undefined {
  const m = /^\[(.*)\]$/s.exec(literal.trim());
  if (!m) return undefined;
  const inner = m[1].trim();
  if (inner === '') return [];
  const lists = inner.match(/\[[^\]]*\]/g) ?? [];
  // Everything between the inner lists must be commas and spaces, or the literal is not what we expect.
  if (inner.replace(/\[[^\]]*\]/g, '').replace(/[\s,]/g, '') !== '') return undefined;
  const parsed = lists.map(parsePythonStringList);
  return parsed.every((l): l is string[] => l !== undefined) ? parsed : undefined;
}

export function parseCrowsPairs(text: string, file: string): CrowsPair[] {
  const rows = csvParseRows(text);
  const lines = csvRecordLines(text);
  if (rows.length === 0) throw datasetError(file, undefined, 'file is empty');
  if (rows[0].join(',') !== HEADER.join(',')) throw datasetError(file, 1, `expected header "${HEADER.join(',')}"`);
  const ids = new Set<number>();
  return rows.slice(1).map((cells, i) => {
    const line = lines[i + 1] ?? lines[lines.length - 1];
    if (cells.length !== HEADER.length) throw datasetError(file, line, `expected ${HEADER.length} fields, found ${cells.length}`);
    const [index, sentMore, sentLess, direction, biasType, annotations, writer, annotators] = cells;
    const id = Number(index);
    if (index === '' || !Number.isInteger(id) || id < 0) throw datasetError(file, line, `bad row index "${index}"`);
    if (ids.has(id)) throw datasetError(file, line, `duplicate row index ${id}`);
    ids.add(id);
    if (sentMore.trim() === '' || sentLess.trim() === '') throw datasetError(file, line, 'empty sentence');
    if (direction !== 'stereo' && direction !== 'antistereo') throw datasetError(file, line, `unknown stereo_antistereo "${direction}"`);
    if (!(CROWS_BIAS_TYPES as readonly string[]).includes(biasType)) throw datasetError(file, line, `unknown bias_type "${biasType}"`);
    const parsedAnnotations = parsePythonStringLists(annotations);
    if (!parsedAnnotations) throw datasetError(file, line, 'annotations is not a list of string lists');
    const parsedAnnotators = parsePythonStringList(annotators);
    if (!parsedAnnotators) throw datasetError(file, line, 'anon_annotators is not a list of strings');
    return {
      id,
      sentMore,
      sentLess,
      direction,
      biasType: biasType as CrowsBiasType,
      annotations: parsedAnnotations,
      writer,
      annotators: parsedAnnotators,
    };
  });
}

/** Loads `<dir>/crows-pairs/crows_pairs_anonymized.csv`: 1,508 pairs. */
export async function loadCrowsPairs(dir: string): Promise<CrowsPair[]> {
  const { path, text } = await readDatasetText(dir, CROWS_PAIRS_FILE);
  return parseCrowsPairs(text, path);
}
