/**
 * HolisticBias (Smith et al., EMNLP 2022; facebookresearch/ResponsibleNLP `holistic_bias/dataset/`): descriptor
 * terms on 13 demographic axes, nouns by gender, sentence templates and standalone noun phrases, in two versions.
 * This file only reads and checks the four JSON files; holisticbias-sentences.ts (suites) builds the sentences.
 */
import { datasetError, readDatasetText } from './text.js';

export const HOLISTICBIAS_VERSIONS = ['v1.0', 'v1.1'] as const;
export type HolisticBiasVersion = (typeof HOLISTICBIAS_VERSIONS)[number];
export const HOLISTICBIAS_DEFAULT_VERSION: HolisticBiasVersion = 'v1.1';
export const HOLISTICBIAS_FILES = ['descriptors.json', 'nouns.json', 'sentence_templates.json', 'standalone_noun_phrases.json'] as const;

/** The generator's marker for "no such attribute" (its NONE_STRING) and for "no preference label". */
export const HB_NONE = '(none)';
export const HB_NO_PREFERENCE = 'no_data';

export interface HbDescriptor {
  axis: string;
  bucket: string;
  descriptor: string;
  /** Set when the descriptor only goes with nouns of one gender (e.g. "trans" entries). */
  gender: string | null;
  preference: string;
  /** The indefinite article, given or "an" before a vowel letter. */
  article: string;
}

export interface HbNoun {
  gender: string;
  singular: string;
  plural: string;
}

export interface HbTemplate {
  template: string;
  firstTurnOnly: boolean;
  /** Only used with noun phrases that have a noun ("What do you think about {plural_noun_phrase}?"). */
  mustBeNoun: boolean;
}

export interface HbStandalone {
  axis: string;
  /** May hold `{article}` and `{noun}` slots. */
  nounPhrase: string;
  pluralNounPhrase: string;
  preference: string;
}

export interface HolisticBias {
  version: HolisticBiasVersion;
  axes: string[];
  descriptors: HbDescriptor[];
  nouns: HbNoun[];
  templates: HbTemplate[];
  standalone: HbStandalone[];
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: Json): v is string => typeof v === 'string' && v.trim() !== '';

/** The indefinite article the generator uses: "an" before a, e, i, o, u (any case), else "a". */
export function hbArticle(word: string): string {
  return 'aeiou'.includes(word[0]?.toLowerCase() ?? '') ? 'an' : 'a';
}

export function parseDescriptors(raw: Json, file: string): { axes: string[]; descriptors: HbDescriptor[] } {
  if (!isObject(raw)) throw datasetError(file, undefined, 'expected {axis: {bucket: [descriptor, ...]}}');
  const descriptors: HbDescriptor[] = [];
  for (const [axis, buckets] of Object.entries(raw)) {
    if (!isObject(buckets)) throw datasetError(file, undefined, `axis "${axis}": expected {bucket: [...]}`);
    for (const [bucket, entries] of Object.entries(buckets)) {
      if (!Array.isArray(entries)) throw datasetError(file, undefined, `${axis}.${bucket}: expected a list`);
      entries.forEach((entry, i) => {
        const where = `${axis}.${bucket}[${i}]`;
        const obj = typeof entry === 'string' ? { descriptor: entry } : entry;
        if (!isObject(obj) || !nonEmpty(obj.descriptor)) throw datasetError(file, undefined, `${where}: expected a descriptor string or ` +
          `{descriptor, ...}`);
        for (const k of ['gender', 'preference', 'article'] as const) {
          if (obj[k] !== undefined && !nonEmpty(obj[k])) throw datasetError(file, undefined, `${where}: "${k}" must be a string`);
        }
        const descriptor = obj.descriptor;
        descriptors.push({
          axis, bucket, descriptor,
          gender: (obj.gender as string | undefined) ?? null,
          preference: (obj.preference as string | undefined) ?? HB_NO_PREFERENCE,
          article: (obj.article as string | undefined) ?? hbArticle(descriptor),
        });
      });
    }
  }
  return { axes: Object.keys(raw), descriptors };
}

export function parseNouns(raw: Json, file: string): HbNoun[] {
  if (!isObject(raw)) throw datasetError(file, undefined, 'expected {gender: [[singular, plural], ...]}');
  const nouns: HbNoun[] = [];
  for (const [gender, pairs] of Object.entries(raw)) {
    if (!Array.isArray(pairs)) throw datasetError(file, undefined, `${gender}: expected a list of [singular, plural]`);
    pairs.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2 || !nonEmpty(p[0]) || !nonEmpty(p[1])) throw datasetError(file, undefined, `${gender}[${i}]` +
        `: expected [singular, plural]`);
      nouns.push({ gender, singular: p[0], plural: p[1] });
    });
  }
  return nouns;
}

export function parseTemplates(raw: Json, file: string): HbTemplate[] {
  if (!isObject(raw)) throw datasetError(file, undefined, 'expected {template: {options}}');
  return Object.entries(raw).map(([template, spec]) => {
    if (!isObject(spec)) throw datasetError(file, undefined, `"${template}": options must be an object`);
    if (!template.includes('{noun_phrase}') && !template.includes('{plural_noun_phrase}')) {
      throw datasetError(file, undefined, `"${template}": has neither {noun_phrase} nor {plural_noun_phrase}`);
    }
    return { template, firstTurnOnly: spec.first_turn_only === true, mustBeNoun: spec.must_be_noun === true };
  });
}

export function parseStandalone(raw: Json, file: string): HbStandalone[] {
  if (!isObject(raw)) throw datasetError(file, undefined, 'expected {axis: [noun phrase, ...]}');
  const out: HbStandalone[] = [];
  for (const [axis, entries] of Object.entries(raw)) {
    if (!Array.isArray(entries)) throw datasetError(file, undefined, `${axis}: expected a list`);
    entries.forEach((entry, i) => {
      const obj = typeof entry === 'string' ? { noun_phrase: entry } : entry;
      if (!isObject(obj) || !nonEmpty(obj.noun_phrase)) throw datasetError(file, undefined, `${axis}[${i}]: expected a noun phrase or ` +
        `{noun_phrase, ...}`);
      if (obj.plural_noun_phrase !== undefined && !nonEmpty(obj.plural_noun_phrase)) throw datasetError(file, undefined, `${axis}[${i}]: ` +
        `plural_noun_phrase must be a string`);
      out.push({
        axis,
        nounPhrase: obj.noun_phrase,
        pluralNounPhrase: (obj.plural_noun_phrase as string | undefined) ?? obj.noun_phrase,
        preference: typeof obj.preference === 'string' ? obj.preference : HB_NO_PREFERENCE,
      });
    });
  }
  return out;
}

/** `--hb-version 1.0` / `v1.1` -> the folder name; anything else is a usage error listing the choices. */
export function holisticBiasVersion(value: string | undefined): HolisticBiasVersion | null {
  if (value === undefined) return HOLISTICBIAS_DEFAULT_VERSION;
  const v = value.startsWith('v') ? value : `v${value}`;
  return (HOLISTICBIAS_VERSIONS as readonly string[]).includes(v) ? (v as HolisticBiasVersion) : null;
}

async function readJson(dir: string, rel: string): Promise<{ path: string; json: Json }> {
  const { path, text } = await readDatasetText(dir, rel);
  try {
    return { path, json: JSON.parse(text) };
  } catch (e) {
    throw datasetError(path, undefined, `not valid JSON (${(e as Error).message})`);
  }
}

/** Reads `<dir>/holisticbias/<version>/`. */
export async function loadHolisticBias(dir: string, version: HolisticBiasVersion = HOLISTICBIAS_DEFAULT_VERSION): Promise<HolisticBias> {
  const base = `holisticbias/${version}`;
  // Read in parallel, but report the first missing or bad file in the listed order (not whichever fails first).
  const settled = await Promise.allSettled(HOLISTICBIAS_FILES.map((f) => readJson(dir, `${base}/${f}`)));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [d, n, t, s] = settled.map((r) => (r as PromiseFulfilledResult<{ path: string; json: Json }>).value);
  const { axes, descriptors } = parseDescriptors(d.json, d.path);
  return {
    version, axes, descriptors,
    nouns: parseNouns(n.json, n.path), templates: parseTemplates(t.json, t.path), standalone: parseStandalone(s.json, s.path),
  };
}
