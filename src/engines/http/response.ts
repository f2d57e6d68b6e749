/**
 * Reading a classification response: which of the accepted shapes it is, whether every text got every label with a
 * probability, and the probabilities in label order. Pure; a bad body throws ResponseShapeError with one line per
 * problem, which the request layer turns into an AuditError naming the URL.
 *
 * Accepted bodies for a batch of N texts:
 *   [[{label, score}, ...], ...]     N lists (the Hugging Face pipeline with top_k = null)
 *   [{label, score}, ...]            only when N = 1: some servers flatten a batch of one
 *   {labels: [...], scores: [[...], ...]}   (for N = 1, `scores` may also be one flat list)
 * Extra fields are ignored.
 *
 * Scores must be probabilities of one distribution per text. Sums within SUM_TOLERANCE of 1 (servers round, float32
 * adds up loosely) are renormalised to exactly 1 and the largest deviation is reported, so the caller can warn.
 * Anything further off (a multi-label sigmoid head, raw logits) is an error: renormalising it would invent a
 * distribution the model never produced. A model declared multi-label (`--multi-label`) has one independent
 * probability per label: each must lie in [0, 1], their sum is not checked and nothing is rescaled.
 */
import { z } from 'zod';

export const SUM_TOLERANCE = 0.01;
/** Problem lines kept per error; the rest are counted. */
const MAX_PROBLEMS = 10;

export class ResponseShapeError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(message);
    this.name = 'ResponseShapeError';
  }
}

export interface BatchScores {
  labels: string[];
  /** One row per text, in `labels` order, summing to 1. */
  probs: number[][];
  /** Largest |sum of scores - 1| over the batch, before renormalising. */
  maxDeviation: number;
}

const score = z.number({ error: (iss) => (iss.input === null ? 'score is null (NaN or Infinity on the server?)' : 'expected a number') });
const label = z.string({ error: 'expected a label string' }).min(1, { error: 'label is empty' });
const labelScore = z.looseObject({ label, score });
const listForm = z.array(z.array(labelScore));
const flatForm = z.array(labelScore);
const labelsForm = z.looseObject({ labels: z.array(label), scores: z.union([z.array(z.array(score)), z.array(score)]) });

type Row = { label: string; score: number }[];
interface Rows {
  rows: Row[];
  /** Label order given by the server (labels form only). */
  serverLabels?: string[];
}

/**
 * Scores of one batch. `known` is the label list from an earlier response (null for the first one, which defines it:
 * the server's order in the labels form, sorted by name (code points) in the list forms, whose order is by score).
 */
export function readScores(body: unknown, texts: string[], known: string[] | null, options: { multiLabel?: boolean } = {}): BatchScores {
  const multiLabel = options.multiLabel === true;
  const { rows, serverLabels } = toRows(body, texts.length);
  if (rows.length !== texts.length) {
    throw new ResponseShapeError(`expected ${texts.length} result${texts.length === 1 ? '' : 's'} (one per text), got ${rows.length}`);
  }
  const labels = known ?? discoverLabels(rows, serverLabels);
  const problems: string[] = [];
  const probs: number[][] = [];
  let maxDeviation = 0;
  rows.forEach((row, i) => {
    const where = `text ${i} ${preview(texts[i])}`;
    const found = checkRow(row, labels, multiLabel ? 0 : SUM_TOLERANCE);
    if (typeof found === 'string') {
      problems.push(`${where}: ${found}`);
      return;
    }
    if (multiLabel) {
      probs.push(found);
      return;
    }
    const sum = found.reduce((a, b) => a + b, 0);
    const deviation = Math.abs(sum - 1);
    if (deviation > SUM_TOLERANCE) {
      problems.push(`${where}: scores sum to ${sum}, not 1 (unnormalised output, or a multi-label model? declare one with --multi-label; ` +
        `otherwise the audit needs one probability distribution per text)`);
      return;
    }
    maxDeviation = Math.max(maxDeviation, deviation);
    probs.push(found.map((p) => p / sum));
  });
  if (problems.length > 0) throw new ResponseShapeError(`${problems.length} of ${texts.length} results are not usable`, capped(problems));
  return { labels, probs, maxDeviation };
}

function toRows(body: unknown, count: number): Rows {
  if (isObject(body)) {
    if (typeof body.error === 'string') throw new ResponseShapeError(`the server answered with an ` +
      `error: ${JSON.stringify(clip(body.error, 200))}`);
    if ('labels' in body || 'scores' in body) return labelsRows(body, count);
  }
  if (!Array.isArray(body)) {
    throw new ResponseShapeError(`expected [[{label, score}, ...], ...] or {labels, scores}, got ${describe(body)}`);
  }
  if (body.length > 0 && body.every(isObject)) {
    if (count === 1) return { rows: [parse(flatForm, body)] };
    if (body.length === count) {
      throw new ResponseShapeError(
        `got one {label, score} per text: the server returned only each text's top label; it must return every label (Hugging Face ` +
        `endpoints do with "parameters": {"top_k": null})`,
      );
    }
    throw new ResponseShapeError(`expected ${count} lists of {label, score} (one per text), got a flat list of ${body.length} objects`);
  }
  if (!body.every(Array.isArray)) throw new ResponseShapeError('expected a list of lists of {label, score}; the list mixes lists and ' +
    'other values');
  return { rows: parse(listForm, body) };
}

function labelsRows(body: Record<string, unknown>, count: number): Rows {
  const { labels, scores } = parse(labelsForm, body);
  const matrix = count === 1 && scores.every((s) => typeof s === 'number') ? [scores as number[]] : scores;
  if (!matrix.every(Array.isArray)) throw new ResponseShapeError(`"scores" must hold one list per text (${count} texts)`);
  const rows = (matrix as number[][]).map((values, i): Row => {
    if (values.length !== labels.length) {
      throw new ResponseShapeError(`scores[${i}] has ${values.length} values for ${labels.length} labels`);
    }
    return values.map((s, j) => ({ label: labels[j], score: s }));
  });
  return { rows, serverLabels: labels };
}

function discoverLabels(rows: Row[], serverLabels: string[] | undefined): string[] {
  const labels = serverLabels ?? [...new Set(rows[0].map((r) => r.label))].sort();
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate !== undefined) throw new ResponseShapeError(`label ${JSON.stringify(duplicate)} appears twice in "labels"`);
  if (labels.length < 2) {
    throw new ResponseShapeError(
      `only ${labels.length === 0 ? 'no labels' : `one label (${JSON.stringify(labels[0])})`} in the response; a classifier needs every ` +
      `label with its score (Hugging Face endpoints send all with "parameters": {"top_k": null})`,
    );
  }
  return labels;
}

/** The row's scores in `labels` order, or what is wrong with it. */
function checkRow(row: Row, labels: string[], tolerance: number): number[] | string {
  const byLabel = new Map<string, number>();
  for (const { label, score } of row) {
    if (byLabel.has(label)) return `label ${JSON.stringify(label)} appears twice`;
    if (!labels.includes(label)) return `unknown label ${JSON.stringify(label)} (labels: ${labels.join(', ')})`;
    if (!Number.isFinite(score) || score < 0 || score > 1 + tolerance) return `score ${score} for ${label} is not a probability`;
    byLabel.set(label, score);
  }
  const missing = labels.filter((l) => !byLabel.has(l));
  if (missing.length > 0) return `missing label${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
  return labels.map((l) => byLabel.get(l)!);
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`);
  throw new ResponseShapeError(`the response does not have the expected shape (${problems[0]})`, capped(problems));
}

function pathText(path: PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `... and ${problems.length - MAX_PROBLEMS} more`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (isObject(v)) return `an object with keys ${JSON.stringify(Object.keys(v).slice(0, 5))}`;
  return `a ${typeof v}`;
}

function preview(text: string): string {
  return JSON.stringify(clip(text, 40));
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}
