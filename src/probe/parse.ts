/**
 * Probe file text -> a draft spec plus every shape problem (pure; no file access).
 *
 * The draft keeps whatever parts of the file are valid, field by field and template by template, so that the
 * semantic checks in validate.ts still run when some other part is broken: one pass reports every problem.
 * A YAML syntax error is the exception: the document cannot be trusted, so only the syntax errors are reported.
 * JSON files go through the same path (JSON is YAML), which gives them line numbers too.
 */
import { LineCounter, parseDocument } from 'yaml';
import { describe, type Scalar } from '../expand/index.js';
import { documentData, yamlErrorText } from '../util/yaml-data.js';
import { issueProblems, SourceLines, type Problem } from './problems.js';
import { KNOWN_FIELDS, probeFileSchema, slotSchema, templateSchema, type SlotFile, type TemplateFile } from './schema.js';
import {
  DEFAULT_MAX_ITEMS,
  DEFAULT_SAMPLE_SEED,
  type Expectation,
  type Sampling,
  type SlotSpec,
  type TemplateSpec,
} from './types.js';

/** The valid parts of a probe file; a field is undefined when it is invalid (missing required fields too). */
export interface ProbeDraft {
  id?: string;
  title?: string;
  description?: string;
  /** As written: "country", "name.ethnicity", or a list of these. */
  attribute?: string | string[];
  /** Two attributes crossed, as written (validate.ts checks that `attribute` is then absent). */
  attributes?: [string, string];
  expectation?: Expectation;
  /** By position; null for an invalid template. Undefined when `templates` itself is not a list. */
  templates?: (TemplateSpec | null)[];
  /** Every declared slot; null for an invalid slot spec. */
  slots?: Record<string, SlotSpec | null>;
  /** Null when the probe has no control; undefined when the control spec is invalid. */
  control?: SlotSpec | null;
  sampling?: Sampling;
}

export interface ParsedProbe {
  /** The file name used in problem lines, or null when parsed from text. */
  file: string | null;
  /** The document as plain data. */
  raw: unknown;
  draft: ProbeDraft;
  problems: Problem[];
  lines: SourceLines;
}

const fields = probeFileSchema.shape;

export function parseProbeSpec(text: string, file: string | null = null): ParsedProbe {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lines = new SourceLines(doc, lineCounter);
  if (doc.errors.length > 0) {
    const sourceLines = text.split(/\r?\n/);
    const problems = doc.errors.map((e): Problem => {
      const line = e.linePos?.[0].line ?? 1;
      return { path: [], label: '(yaml)', line, message: syntaxMessage(e.message, sourceLines[line - 1] ?? '') };
    });
    return { file, raw: null, draft: {}, problems, lines };
  }
  const data = documentData(doc);
  if (!data.ok) return { file, raw: null, draft: {}, problems: [{ path: [], label: '(yaml)', line: 1, message: data.message }], lines };
  const raw: unknown = data.value;
  if (raw === null || raw === undefined) {
    return { file, raw, draft: {}, problems: [{ path: [], message: 'the probe file is empty' }], lines };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const message = `expected a mapping with id, attribute, templates and slots, got ${describe(raw)}`;
    return { file, raw, draft: {}, problems: [{ path: [], message }], lines };
  }
  const result = probeFileSchema.safeParse(raw);
  const problems = result.success ? [] : issueProblems(result.error.issues, raw);
  return { file, raw, draft: draftOf(raw as Record<string, unknown>), problems, lines };
}

function draftOf(raw: Record<string, unknown>): ProbeDraft {
  const draft: ProbeDraft = {};
  const ok = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    return r.success ? r.data : undefined;
  };
  draft.id = ok<string>(fields.id, raw.id);
  draft.title = ok<string | undefined>(fields.title, raw.title) ?? draft.id;
  draft.description = ok<string | undefined>(fields.description, raw.description) ?? '';
  draft.attribute = ok<string | string[] | undefined>(fields.attribute, raw.attribute);
  draft.attributes = ok<string[] | undefined>(fields.attributes, raw.attributes) as [string, string] | undefined;
  // Unknown fields are reported by the full schema; here they are dropped so that the rest still gets checked.
  const expectation = fields.expectation.safeParse(known(raw.expectation, 'expectation'));
  if (expectation.success) draft.expectation = (expectation.data as Expectation | undefined) ?? { type: 'invariant' };
  if (Array.isArray(raw.templates)) {
    draft.templates = raw.templates.map((t, i) => {
      const r = templateSchema.safeParse(known(t, 'template'));
      return r.success ? normalizeTemplate(r.data, i) : null;
    });
  }
  if (raw.slots !== null && typeof raw.slots === 'object' && !Array.isArray(raw.slots)) {
    draft.slots = {};
    for (const [name, spec] of Object.entries(raw.slots)) {
      const r = slotSchema.safeParse(known(spec, 'slot'));
      draft.slots[name] = r.success ? normalizeSlot(r.data) : null;
    }
  }
  if (raw.control === undefined || raw.control === null) draft.control = null;
  else {
    const r = slotSchema.safeParse(known(raw.control, 'slot'));
    if (r.success) draft.control = normalizeSlot(r.data);
  }
  const sampling = fields.sampling.safeParse(known(raw.sampling, 'sampling'));
  if (sampling.success) draft.sampling = normalizeSampling(sampling.data);
  return draft;
}

/** An object with only the fields of its kind (other values pass through). */
function known(value: unknown, kind: keyof typeof KNOWN_FIELDS): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => KNOWN_FIELDS[kind].includes(k)));
}

function normalizeTemplate(t: TemplateFile, index: number): TemplateSpec {
  if (typeof t === 'string') return { id: `t${index + 1}`, text: t, frame: 'neutral', paraphrase_of: null };
  return { id: t.id ?? `t${index + 1}`, text: t.text, frame: t.frame ?? 'neutral', paraphrase_of: t.paraphrase_of ?? null };
}

function normalizeSlot(s: SlotFile): SlotSpec {
  if ('values' in s) return { values: s.values as (string | Record<string, Scalar>)[] };
  const where = s.where
    ? Object.fromEntries(Object.entries(s.where).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
    : null;
  return { lexicon: s.lexicon, where };
}

function normalizeSampling(s: ProbeFileSampling): Sampling {
  if (s === undefined || s.mode === 'product') return { mode: 'product', max: s?.max ?? DEFAULT_MAX_ITEMS };
  return { mode: 'sample', n: s.n, seed: s.seed ?? DEFAULT_SAMPLE_SEED, max: s.max ?? DEFAULT_MAX_ITEMS };
}

type ProbeFileSampling = ReturnType<typeof fields.sampling.parse>;

/** yaml's message without its "at line N, column M:" tail and code frame, plus a hint for unquoted "{". */
function syntaxMessage(message: string, sourceLine: string): string {
  const text = yamlErrorText(message);
  const unquotedBrace = /(^|[-:]\s+)\{[A-Za-z0-9_:.]+\}/.test(sourceLine.trim());
  return unquotedBrace ? `${text} (a template that starts with "{" must be quoted)` : text;
}
