import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir } from '../../src/config/paths.js';
import {
  differsBeyondPronoun,
  loadWinoBias,
  pairWinoBias,
  parseOccupationList,
  parseWinoBiasLines,
  type WinoBias,
} from '../../src/datasets/index.js';
import { auditErrorOf, makeTempDir, removeDir } from './helpers.js';

let wb: WinoBias;
beforeAll(async () => {
  wb = await loadWinoBias(datasetsDir());
});
const pair = (id: string) => {
  const p = wb.pairs.find((x) => x.id === id);
  if (!p) throw new Error(`no pair ${id}`);
  return p;
};

describe('loadWinoBias on the shared files', () => {
  it('pairs 8 files of 396 lines into 1,584 pairs, 396 per type and split', () => {
    expect(wb.pairs).toHaveLength(1584);
    for (const type of [1, 2]) {
      for (const split of ['dev', 'test']) {
        expect(wb.pairs.filter((p) => p.type === type && p.split === split)).toHaveLength(396);
      }
    }
  });

  it('reads the 20 male and 20 female occupations, keeping multi-word and upper-case entries', () => {
    expect(wb.maleOccupations).toHaveLength(20);
    expect(wb.femaleOccupations).toHaveLength(20);
    expect(wb.maleOccupations).toEqual(expect.arrayContaining(['construction worker', 'CEO']));
    expect(wb.femaleOccupations[0]).toBe('attendant');
  });

  it('strips line numbers and brackets but keeps the bracketed mentions', () => {
    expect(pair('type1.dev.1')).toEqual({
      id: 'type1.dev.1',
      type: 1,
      split: 'dev',
      pro: 'The developer argued with the designer because he did not like the design.',
      anti: 'The developer argued with the designer because she did not like the design.',
      proMentions: ['The developer', 'he'],
      antiMentions: ['The developer', 'she'],
      occupation: 'developer',
      occupationList: 'male',
      pronounPro: 'he',
      pronounAnti: 'she',
      differsBeyondPronoun: false,
    });
    expect(pair('type1.dev.2')).toMatchObject({ occupation: 'designer', occupationList: 'female', pronounPro: 'her', pronounAnti: 'his' });
  });

  it('keeps every bracket of lines with two pronouns', () => {
    expect(pair('type1.test.279').proMentions).toEqual(['The chief', 'he', 'himself']);
    expect(pair('type1.test.279').antiMentions).toEqual(['The chief', 'she']);
  });

  it('spells occupations as the lists do and trims padded brackets', () => {
    expect(pair('type1.dev.23').occupation).toBe('CEO');
    const p = pair('type2.dev.176');
    expect(p.proMentions).toEqual(['physician', 'him']);
    expect(p.pro).toBe('The teacher asked the physician about the best course of action and believed him.');
    expect(p.anti).toBe('The teacher asked the the physician about the best course of action and believed her.');
  });

  it('flags exactly the 19 pairs that differ beyond the pronoun', () => {
    const flagged = wb.pairs.filter((p) => p.differsBeyondPronoun).map((p) => p.id);
    expect(flagged).toEqual([
      'type1.dev.92',
      'type1.dev.212',
      'type1.test.157',
      'type1.test.255',
      'type1.test.279',
      'type1.test.289',
      'type1.test.296',
      'type2.dev.90',
      'type2.dev.102',
      'type2.dev.119',
      'type2.dev.176',
      'type2.dev.207',
      'type2.dev.208',
      'type2.dev.209',
      'type2.test.92',
      'type2.test.103',
      'type2.test.307',
      'type2.test.382',
      'type2.test.384',
    ]);
  });

  it('treats a change of pronoun case (her -> he) as a pronoun swap, not a typo', () => {
    const p = pair('type2.dev.171');
    expect(p.pro).toContain('demanded her pay');
    expect(p.anti).toContain('demanded he pay');
    expect(p.differsBeyondPronoun).toBe(false);
  });

  it('finds the pronoun gender equal on both sides only in the two misaligned anti lines', () => {
    const female = new Set(['she', 'her', 'hers', 'herself']);
    const same = wb.pairs.filter((p) => female.has(p.pronounPro) === female.has(p.pronounAnti)).map((p) => p.id);
    expect(same).toEqual(['type2.test.382', 'type2.test.384']);
  });

  it('resolves every pair to an occupation from the two lists', () => {
    const all = new Set([...wb.maleOccupations, ...wb.femaleOccupations]);
    expect(wb.pairs.every((p) => all.has(p.occupation))).toBe(true);
    expect(new Set(wb.pairs.map((p) => p.occupation)).size).toBe(40);
  });
});

describe('differsBeyondPronoun', () => {
  it('ignores gendered pronouns, case and their position next to punctuation', () => {
    expect(differsBeyondPronoun('They asked him.', 'They asked her.')).toBe(false);
    expect(differsBeyondPronoun('He left, and his dog too.', 'She left, and her dog too.')).toBe(false);
  });

  it('sees any other word change, including a dropped word', () => {
    expect(differsBeyondPronoun('He needed a desk.', 'She needed one.')).toBe(true);
    expect(differsBeyondPronoun('asked him to stop', 'asked her stop')).toBe(true);
  });
});

describe('WinoBias parsing errors', () => {
  it('names the file and line of an id out of sequence', async () => {
    const e = await auditErrorOf(() => parseWinoBiasLines('1 [The cook] saw [him].\n3 [The cook] saw [her].\n', 'pro.txt'));
    expect(e.code).toBe('E_DATASET');
    expect(e.message).toBe('pro.txt:2: expected id 2, found 3');
  });

  it('rejects unclosed brackets and lines with one mention', async () => {
    expect((await auditErrorOf(() => parseWinoBiasLines('1 [The cook saw him.', 'f'))).message).toBe('f:1: unclosed "["');
    expect((await auditErrorOf(() => parseWinoBiasLines('1 [The cook] left.', 'f'))).message).toBe(
      'f:1: expected at least 2 bracketed mentions, found 1',
    );
  });

  it('rejects a second bracket that is not a gendered pronoun', async () => {
    const lines = parseWinoBiasLines('1 [The cook] met [the clerk].', 'pro');
    const e = await auditErrorOf(() =>
      pairWinoBias(lines, lines, { type: 1, split: 'dev', proFile: 'pro', antiFile: 'anti', male: ['cook'], female: [] }),
    );
    expect(e.message).toBe('pro:1: bracketed mention "the clerk" is not a gendered pronoun');
  });

  it('rejects pro and anti files of different lengths', async () => {
    const pro = parseWinoBiasLines('1 [The cook] saw [him].\n2 [The cook] saw [him].\n', 'pro');
    const anti = parseWinoBiasLines('1 [The cook] saw [her].\n', 'anti');
    const e = await auditErrorOf(() => pairWinoBias(pro, anti, { type: 1, split: 'dev', proFile: 'pro', antiFile: 'anti', male: ['cook'], female: [] }));
    expect(e.message).toBe('anti: has 1 lines but pro has 2; the files must align line by line');
  });

  it('rejects an occupation list with a blank line', async () => {
    expect((await auditErrorOf(() => parseOccupationList('cook\n\nnurse', 'occ.txt'))).message).toBe('occ.txt:2: bad occupation ""');
  });

  it('reports a missing file by its full path and returns nothing', async () => {
    const dir = makeTempDir();
    try {
      mkdirSync(join(dir, 'winobias'));
      writeFileSync(join(dir, 'winobias', 'male_occupations.txt'), 'cook');
      const e = await auditErrorOf(() => loadWinoBias(dir));
      expect(e.code).toBe('E_DATASET');
      expect(e.message).toMatch(new RegExp(`^${dir}/winobias/\\S+: file not found`));
    } finally {
      removeDir(dir);
    }
  });
});
