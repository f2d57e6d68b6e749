/**
 * HolisticBias sentences, built by the rules of the original generator (facebookresearch/ResponsibleNLP,
 * holistic_bias/src/sentences.py, HolisticBiasSentenceGenerator; our own code):
 *
 *   noun phrases  - every noun alone: "a woman" / "women" (axis "null": the no-descriptor baseline);
 *                 - every descriptor alone: "Deaf" (no noun), and with every noun of a matching gender (all nouns
 *                   when the descriptor has none): "a Deaf woman" / "Deaf women", with the descriptor's article;
 *                 - every standalone phrase: with a {noun} slot, filled with every noun ("a woman who uses a
 *                   wheelchair", the article chosen by the noun; "women who use wheelchairs"), else as it is.
 *   sentences     - every noun phrase in every template; phrases without a noun skip the `must_be_noun` templates.
 *
 * The generator's random stylistic variants (I'm -> I am, no hyphens, lower case, no final period) are applied
 * only when it samples dialogue turns, not to the sentence set, so they are not applied here.
 */
import { HB_NONE, hbArticle, type HolisticBias } from '../datasets/index.js';
import { mulberry32 } from '../stats/index.js';

export type HbPhraseType = 'noun' | 'descriptor' | 'descriptor_noun' | 'noun_descriptor' | 'fixed_phrase';

export interface HbSentence {
  text: string;
  /** One of the 13 axes, or "null" for the noun-only baseline. */
  axis: string;
  bucket: string;
  descriptor: string;
  /** The singular noun, or "(none)". */
  noun: string;
  noun_gender: string;
  template: string;
  phrase_type: HbPhraseType;
  preference: string;
}

interface NounPhrase {
  axis: string;
  bucket: string;
  descriptor: string;
  noun: string;
  nounGender: string;
  phrase: string;
  plural: string;
  type: HbPhraseType;
  preference: string;
}

const fill = (s: string, article: string, noun: string) => s.replaceAll('{article}', article).replaceAll('{noun}', noun);

function nounPhrases(data: HolisticBias): NounPhrase[] {
  const out: NounPhrase[] = [];
  for (const n of data.nouns) {
    out.push({ axis: 'null', bucket: HB_NONE, descriptor: HB_NONE, noun: n.singular, nounGender: n.gender,
      phrase: `${hbArticle(n.singular)} ${n.singular}`, plural: n.plural, type: 'noun', preference: HB_NONE });
  }
  for (const d of data.descriptors) {
    const base = { axis: d.axis, bucket: d.bucket, descriptor: d.descriptor, preference: d.preference };
    out.push({ ...base, noun: HB_NONE, nounGender: HB_NONE, phrase: d.descriptor, plural: d.descriptor, type: 'descriptor' });
    for (const n of data.nouns) {
      if (d.gender !== null && d.gender !== n.gender) continue;
      out.push({ ...base, noun: n.singular, nounGender: n.gender, phrase: `${d.article} ${d.descriptor} ${n.singular}`,
        plural: `${d.descriptor} ${n.plural}`, type: 'descriptor_noun' });
    }
  }
  for (const s of data.standalone) {
    const base = { axis: s.axis, bucket: HB_NONE, preference: s.preference };
    if (s.nounPhrase.includes('{noun}')) {
      const descriptor = fill(s.nounPhrase, '', '').trimStart();
      for (const n of data.nouns) {
        out.push({ ...base, descriptor, noun: n.singular, nounGender: n.gender, phrase: fill(s.nounPhrase, hbArticle(n.singular),
          n.singular), plural: fill(s.pluralNounPhrase, '', n.plural).trimStart(), type: 'noun_descriptor' });
      }
    } else {
      out.push({ ...base, descriptor: s.nounPhrase, noun: HB_NONE, nounGender: 'neutral', phrase: s.nounPhrase, plural: s.pluralNounPhrase,
        type: 'fixed_phrase' });
    }
  }
  return out;
}

/** Every sentence of the dataset version (566,625 for v1.1 and 472,991 for v1.0 with the files in ../shared). */
export function holisticBiasSentences(data: HolisticBias): HbSentence[] {
  const sentences: HbSentence[] = [];
  for (const p of nounPhrases(data)) {
    for (const t of data.templates) {
      if (p.noun === HB_NONE && t.mustBeNoun) continue;
      const text = t.template.includes('{noun_phrase}') ? t.template.replace('{noun_phrase}',
        p.phrase) : t.template.replace('{plural_noun_phrase}', p.plural);
      sentences.push({
        text, axis: p.axis, bucket: p.bucket, descriptor: p.descriptor, noun: p.noun, noun_gender: p.nounGender,
        template: t.template, phrase_type: p.type, preference: p.preference,
      });
    }
  }
  return sentences;
}

/** The template unit of the per-descriptor comparison: one template with one noun (or none). */
export function hbUnit(s: Pick<HbSentence, 'template' | 'noun'>): string {
  return `${s.template} | ${s.noun}`;
}

/**
 * A seeded subset of about `n` sentences, stratified by descriptor: each (axis, descriptor) keeps its share of `n`
 * (largest remainders, at least one sentence). Within a descriptor, sentences are taken in one seeded order of the
 * template units shared by all descriptors, so the kept sentences of different descriptors mostly fall on the same
 * units and stay comparable pair by pair.
 */
export function sampleHolisticBias(sentences: HbSentence[], n: number, seed: number): HbSentence[] {
  if (n >= sentences.length) return sentences;
  const rng = mulberry32(seed);
  const units = [...new Set(sentences.map(hbUnit))];
  const rank = new Map<string, number>();
  // Fisher-Yates over the units with the seeded stream.
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }
  units.forEach((u, i) => rank.set(u, i));
  const unitRank = sentences.map((s) => rank.get(hbUnit(s))!);
  const strata = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    const key = `${s.axis}\u0000${s.descriptor}`;
    const list = strata.get(key);
    if (list) list.push(i);
    else strata.set(key, [i]);
  });
  const keys = [...strata.keys()];
  const exact = keys.map((k) => (n * strata.get(k)!.length) / sentences.length);
  const take = exact.map((x, i) => Math.min(strata.get(keys[i])!.length, Math.max(1, Math.floor(x))));
  let left = n - take.reduce((a, b) => a + b, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => (exact[b] - Math.floor(exact[b])) - (exact[a] - Math.floor(exact[a])) || a - b);
  for (const i of byRemainder) {
    if (left <= 0) break;
    if (take[i] < strata.get(keys[i])!.length) {
      take[i]++;
      left--;
    }
  }
  const kept: number[] = [];
  keys.forEach((k, i) => {
    const idx = strata.get(k)!.slice().sort((a, b) => unitRank[a] - unitRank[b] || a - b);
    kept.push(...idx.slice(0, take[i]));
  });
  return kept.sort((a, b) => a - b).map((i) => sentences[i]);
}
