/**
 * WinoGender (Rudinger et al., NAACL 2018; rudinger/winogender-schemas): 720 sentences from 120 templates
 * (60 occupations x 2), each filled with a male, female and neutral pronoun and with either the named
 * participant or "someone"; plus the share of women in each occupation.
 */
import { datasetError, readDatasetText, tsvRows } from './text.js';

export const WINOGENDER_SENTENCES_FILE = 'winogender/all_sentences.tsv';
export const WINOGENDER_STATS_FILE = 'winogender/occupations-stats.tsv';

export type WinoGenderGender = 'male' | 'female' | 'neutral';

export interface WinoGenderSentence {
  /** The sentid, e.g. `technician.customer.1.male.txt`. */
  id: string;
  occupation: string;
  /** The other participant, or `someone` in the variants that name no participant. */
  participant: string;
  /** 0 when the pronoun refers to the occupation, 1 when it refers to the participant. */
  answer: 0 | 1;
  gender: WinoGenderGender;
  sentence: string;
}

export interface WinoGenderOccupation {
  occupation: string;
  /** % female from Bergsma & Lin's text statistics. */
  bergsmaPctFemale: number;
  /** % female from the US Bureau of Labor Statistics. */
  blsPctFemale: number;
  blsYear: number;
}

export interface WinoGender {
  sentences: WinoGenderSentence[];
  occupations: WinoGenderOccupation[];
}

export function parseWinoGenderSentences(text: string, file: string): WinoGenderSentence[] {
  const seen = new Set<string>();
  return tsvRows(text, file, ['sentid', 'sentence']).map(({ line, cells: [id, sentence] }) => {
    const m = /^([a-z]+)\.([a-z]+)\.([01])\.(male|female|neutral)\.txt$/.exec(id);
    if (!m) throw datasetError(file, line, `sentid "${id}" is not <occupation>.<participant>.<0|1>.<male|female|neutral>.txt`);
    if (seen.has(id)) throw datasetError(file, line, `duplicate sentid "${id}"`);
    seen.add(id);
    if (sentence.trim() === '') throw datasetError(file, line, 'empty sentence');
    return { id, occupation: m[1], participant: m[2], answer: m[3] === '1' ? 1 : 0, gender: m[4] as WinoGenderGender, sentence };
  });
}

function percent(value: string, file: string, line: number, column: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw datasetError(file, line, `${column} "${value}" is not a ` +
    `percentage`);
  return n;
}

export function parseWinoGenderOccupations(text: string, file: string): WinoGenderOccupation[] {
  return tsvRows(text, file, ['occupation', 'bergsma_pct_female', 'bls_pct_female', 'bls_year']).map(({ line, cells }) => {
    const [occupation, bergsma, bls, year] = cells;
    if (!/^[a-z]+$/.test(occupation)) throw datasetError(file, line, `bad occupation "${occupation}"`);
    if (!/^\d{4}$/.test(year)) throw datasetError(file, line, `bls_year "${year}" is not a year`);
    return {
      occupation,
      bergsmaPctFemale: percent(bergsma, file, line, 'bergsma_pct_female'),
      blsPctFemale: percent(bls, file, line, 'bls_pct_female'),
      blsYear: Number(year),
    };
  });
}

/** Loads the 720 sentences and the 60 occupation statistics; every sentence's occupation must have statistics. */
export async function loadWinoGender(dir: string): Promise<WinoGender> {
  const [s, o] = await Promise.all([readDatasetText(dir, WINOGENDER_SENTENCES_FILE), readDatasetText(dir, WINOGENDER_STATS_FILE)]);
  const sentences = parseWinoGenderSentences(s.text, s.path);
  const occupations = parseWinoGenderOccupations(o.text, o.path);
  const known = new Set(occupations.map((x) => x.occupation));
  const orphan = sentences.findIndex((x) => !known.has(x.occupation));
  if (orphan >= 0) throw datasetError(s.path, orphan + 2, `occupation "${sentences[orphan].occupation}" has no row in ${o.path}`);
  return { sentences, occupations };
}
