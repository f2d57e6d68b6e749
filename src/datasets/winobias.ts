/**
 * WinoBias (Zhao et al., NAACL 2018; uclanlp/corefBias): 8 files of 396 lines, {pro, anti} x {type1, type2}
 * x {dev, test}. Line i of a pro file and line i of the matching anti file are one counterfactual pair.
 * Each line is `<id> <sentence>`; square brackets mark the coreference cluster: the first bracket is the
 * occupation the pronoun refers to, the others are the pronoun(s).
 */
import { datasetError, readDatasetText, splitLines } from './text.js';

export type WinoBiasType = 1 | 2;
export type WinoBiasSplit = 'dev' | 'test';

/** One parsed line: the sentence with brackets removed, and the bracketed spans in order. */
export interface WinoBiasLine {
  /** 1-based line number, equal to the id at the start of the line. */
  line: number;
  sentence: string;
  mentions: string[];
}

export interface WinoBiasPair {
  /** `type<1|2>.<split>.<line id>`, e.g. `type1.dev.1`. */
  id: string;
  type: WinoBiasType;
  split: WinoBiasSplit;
  /** The pro-stereotyped sentence (pronoun gender matches the occupation's majority gender). */
  pro: string;
  anti: string;
  /** Bracketed spans of the pro line: the occupation mention first, then the pronoun(s). */
  proMentions: string[];
  antiMentions: string[];
  /** The occupation the pronoun refers to (in the pro line), spelled as in the occupation lists, e.g. `CEO`. */
  occupation: string;
  /** Which list the occupation is in: male_occupations.txt or female_occupations.txt. */
  occupationList: 'male' | 'female';
  /** The first bracketed pronoun, lower-cased (`he`, `her`, ...). */
  pronounPro: string;
  pronounAnti: string;
  /**
   * True when the two lines differ in anything but gendered pronouns (typos or edits in the source).
   * Such pairs are not clean counterfactuals; callers usually report or exclude them.
   */
  differsBeyondPronoun: boolean;
}

export interface WinoBias {
  pairs: WinoBiasPair[];
  maleOccupations: string[];
  femaleOccupations: string[];
}

export const WINOBIAS_DIR = 'winobias';
export const WINOBIAS_OCCUPATION_FILES = { male: 'male_occupations.txt', female: 'female_occupations.txt' } as const;

/** The 4 (type, split) combinations, each a pro/anti file pair. */
export const WINOBIAS_PARTS: { type: WinoBiasType; split: WinoBiasSplit; pro: string; anti: string }[] = (
  [1, 2] as const
).flatMap((type) =>
  (['dev', 'test'] as const).map((split) => ({
    type,
    split,
    pro: `pro_stereotyped_type${type}.txt.${split}`,
    anti: `anti_stereotyped_type${type}.txt.${split}`,
  })),
);

export const GENDERED_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'himself', 'herself']);

/** Removes bracket characters and normalises whitespace (`[ physician]` leaves a double space otherwise). */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Parses one WinoBias data file. Ids must run 1, 2, 3, ... in line order. */
export function parseWinoBiasLines(text: string, file: string): WinoBiasLine[] {
  return splitLines(text, file).map((raw, i) => {
    const line = i + 1;
    const m = /^(\d+) (.*)$/.exec(raw);
    if (!m) throw datasetError(file, line, 'expected "<id> <sentence>"');
    if (Number(m[1]) !== line) throw datasetError(file, line, `expected id ${line}, found ${m[1]}`);
    const body = m[2];
    const mentions: string[] = [];
    let open = -1;
    for (let k = 0; k < body.length; k++) {
      if (body[k] === '[') {
        if (open >= 0) throw datasetError(file, line, 'nested "["');
        open = k;
      } else if (body[k] === ']') {
        if (open < 0) throw datasetError(file, line, '"]" without "["');
        mentions.push(clean(body.slice(open + 1, k)));
        open = -1;
      }
    }
    if (open >= 0) throw datasetError(file, line, 'unclosed "["');
    if (mentions.length < 2) throw datasetError(file, line, `expected at least 2 bracketed mentions, found ${mentions.length}`);
    if (mentions.some((s) => s === '')) throw datasetError(file, line, 'empty bracketed mention');
    return { line, sentence: clean(body.replace(/[[\]]/g, '')), mentions };
  });
}

/** Parses an occupation list: one occupation per line, no header; the last line may lack a newline. */
export function parseOccupationList(text: string, file: string): string[] {
  const lines = splitLines(text, file);
  if (lines.length === 0) throw datasetError(file, undefined, 'file is empty');
  lines.forEach((l, i) => {
    if (l.trim() === '' || l !== l.trim()) throw datasetError(file, i + 1, `bad occupation ${JSON.stringify(l)}`);
  });
  return lines;
}

/** Lower-cased word and punctuation tokens, with every gendered pronoun replaced by one placeholder. */
export function pronounMaskedTokens(sentence: string): string[] {
  const tokens = sentence.toLowerCase().match(/[a-z0-9']+|[^\sa-z0-9']/g) ?? [];
  return tokens.map((t) => (GENDERED_PRONOUNS.has(t) ? '<pronoun>' : t));
}

/**
 * True when two sentences differ in more than their gendered pronouns. Any gendered pronoun matches any
 * other, so a change of case (`demanded her pay` / `demanded he pay`) counts as a pronoun swap.
 */
export function differsBeyondPronoun(a: string, b: string): boolean {
  const x = pronounMaskedTokens(a);
  const y = pronounMaskedTokens(b);
  return x.length !== y.length || x.some((t, i) => t !== y[i]);
}

interface OccupationIndex {
  male: string[];
  female: string[];
  byLower: Map<string, { name: string; list: 'male' | 'female' }>;
}

function indexOccupations(male: string[], female: string[]): OccupationIndex {
  const byLower = new Map<string, { name: string; list: 'male' | 'female' }>();
  for (const name of male) byLower.set(name.toLowerCase(), { name, list: 'male' });
  for (const name of female) byLower.set(name.toLowerCase(), { name, list: 'female' });
  return { male, female, byLower };
}

function pronounOf(l: WinoBiasLine, file: string): string {
  const pronouns = l.mentions.slice(1).map((s) => s.toLowerCase());
  const bad = pronouns.find((p) => !GENDERED_PRONOUNS.has(p));
  if (bad !== undefined) throw datasetError(file, l.line, `bracketed mention "${bad}" is not a gendered pronoun`);
  return pronouns[0];
}

/**
 * Pairs a pro file with its anti file line by line. Both must have the same number of lines; the
 * occupation comes from the pro line's first bracket (`[The developer]` -> `developer`).
 */
export function pairWinoBias(
  pro: WinoBiasLine[],
  anti: WinoBiasLine[],
  meta: { type: WinoBiasType; split: WinoBiasSplit; proFile: string; antiFile: string; male: string[]; female: string[] },
): WinoBiasPair[] {
  if (pro.length !== anti.length) {
    throw datasetError(meta.antiFile, undefined, `has ${anti.length} lines but ${meta.proFile} has ${pro.length}; the files must align ` +
      `line by line`);
  }
  const occupations = indexOccupations(meta.male, meta.female);
  return pro.map((p, i) => {
    const a = anti[i];
    const head = p.mentions[0].toLowerCase().replace(/^(the|a|an) /, '');
    const occupation = occupations.byLower.get(head);
    if (!occupation) throw datasetError(meta.proFile, p.line, `first bracket "${p.mentions[0]}" is not an occupation from the lists`);
    return {
      id: `type${meta.type}.${meta.split}.${p.line}`,
      type: meta.type,
      split: meta.split,
      pro: p.sentence,
      anti: a.sentence,
      proMentions: p.mentions,
      antiMentions: a.mentions,
      occupation: occupation.name,
      occupationList: occupation.list,
      pronounPro: pronounOf(p, meta.proFile),
      pronounAnti: pronounOf(a, meta.antiFile),
      differsBeyondPronoun: differsBeyondPronoun(p.sentence, a.sentence),
    };
  });
}

/** Loads all 8 WinoBias files and both occupation lists from `<dir>/winobias/`: 1,584 pairs. */
export async function loadWinoBias(dir: string): Promise<WinoBias> {
  const read = (name: string) => readDatasetText(dir, `${WINOBIAS_DIR}/${name}`);
  const [maleFile, femaleFile, ...parts] = await Promise.all([
    read(WINOBIAS_OCCUPATION_FILES.male),
    read(WINOBIAS_OCCUPATION_FILES.female),
    ...WINOBIAS_PARTS.flatMap((part) => [read(part.pro), read(part.anti)]),
  ]);
  const male = parseOccupationList(maleFile.text, maleFile.path);
  const female = parseOccupationList(femaleFile.text, femaleFile.path);
  const pairs = WINOBIAS_PARTS.flatMap((part, k) => {
    const proFile = parts[2 * k];
    const antiFile = parts[2 * k + 1];
    return pairWinoBias(parseWinoBiasLines(proFile.text, proFile.path), parseWinoBiasLines(antiFile.text, antiFile.path), {
      type: part.type,
      split: part.split,
      proFile: proFile.path,
      antiFile: antiFile.path,
      male,
      female,
    });
  });
  return { pairs, maleOccupations: male, femaleOccupations: female };
}
