import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir } from '../../src/config/paths.js';
import {
  loadWinoGender,
  parseWinoGenderOccupations,
  parseWinoGenderSentences,
  WINOGENDER_SENTENCES_FILE,
  WINOGENDER_STATS_FILE,
  type WinoGender,
} from '../../src/datasets/index.js';
import { auditErrorOf, makeTempDir, removeDir } from './helpers.js';

let wg: WinoGender;
beforeAll(async () => {
  wg = await loadWinoGender(datasetsDir());
});

describe('loadWinoGender on the shared files', () => {
  it('reads 720 sentences over 60 occupations, 240 per pronoun gender', () => {
    expect(wg.sentences).toHaveLength(720);
    expect(new Set(wg.sentences.map((s) => s.occupation)).size).toBe(60);
    for (const g of ['male', 'female', 'neutral']) expect(wg.sentences.filter((s) => s.gender === g)).toHaveLength(240);
    expect(wg.sentences.filter((s) => s.participant === 'someone')).toHaveLength(360);
    expect(wg.sentences.filter((s) => s.answer === 1)).toHaveLength(360);
  });

  it('splits the sentid into occupation, participant, answer and gender', () => {
    expect(wg.sentences[0]).toEqual({
      id: 'technician.customer.1.male.txt',
      occupation: 'technician',
      participant: 'customer',
      answer: 1,
      gender: 'male',
      sentence: 'The technician told the customer that he could pay with cash.',
    });
    expect(wg.sentences[719]).toMatchObject({ occupation: 'secretary', participant: 'someone', answer: 1, gender: 'neutral' });
  });

  it('reads the share of women for all 60 occupations', () => {
    expect(wg.occupations).toHaveLength(60);
    expect(wg.occupations[0]).toEqual({ occupation: 'technician', bergsmaPctFemale: 9.42, blsPctFemale: 40.34, blsYear: 2015 });
  });
});

describe('WinoGender parsing errors', () => {
  it('rejects a sentid that does not follow the naming scheme, by line', async () => {
    const text = 'sentid\tsentence\ntechnician.customer.1.male.txt\tOk.\ntechnician.customer.2.male.txt\tBad.\n';
    const e = await auditErrorOf(() => parseWinoGenderSentences(text, 'all.tsv'));
    expect(e.code).toBe('E_DATASET');
    expect(e.message).toBe('all.tsv:3: sentid "technician.customer.2.male.txt" is not <occupation>.<participant>.<0|1>.<male|female|neutral>.txt');
  });

  it('rejects a wrong header and a non-numeric percentage', async () => {
    expect((await auditErrorOf(() => parseWinoGenderSentences('id\tsentence\n', 'all.tsv'))).message).toBe(
      'all.tsv:1: expected header "sentid\\tsentence", found "id\\tsentence"',
    );
    const stats = 'occupation\tbergsma_pct_female\tbls_pct_female\tbls_year\nchef\tn/a\t20\t2015\n';
    expect((await auditErrorOf(() => parseWinoGenderOccupations(stats, 'stats.tsv'))).message).toBe(
      'stats.tsv:2: bergsma_pct_female "n/a" is not a percentage',
    );
  });

  it('rejects sentences whose occupation has no statistics', async () => {
    const dir = makeTempDir();
    try {
      mkdirSync(join(dir, 'winogender'));
      writeFileSync(join(dir, WINOGENDER_SENTENCES_FILE), readFileSync(join(datasetsDir(), WINOGENDER_SENTENCES_FILE)));
      const stats = readFileSync(join(datasetsDir(), WINOGENDER_STATS_FILE), 'utf8').split('\n');
      writeFileSync(join(dir, WINOGENDER_STATS_FILE), stats.filter((l) => !l.startsWith('accountant\t')).join('\n'));
      const e = await auditErrorOf(() => loadWinoGender(dir));
      expect(e.message).toMatch(/all_sentences\.tsv:\d+: occupation "accountant" has no row in .*occupations-stats\.tsv$/);
    } finally {
      removeDir(dir);
    }
  });
});
