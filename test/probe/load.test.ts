import { join } from 'node:path';
import { AuditError } from '../../src/errors.js';
import { countItems, expandProbe } from '../../src/expand/expand.js';
import { listBuiltinLexicons, listBuiltinProbes, loadProbeSpec } from '../../src/probe/load.js';

const FIXTURES = 'test/fixtures/probes';
const options = { probesDir: FIXTURES, lexiconsDir: join(FIXTURES, 'lexicons') };

async function loadError(pathOrId: string): Promise<AuditError> {
  try {
    await loadProbeSpec(pathOrId, options);
  } catch (err) {
    if (err instanceof AuditError) return err;
    throw err;
  }
  throw new Error(`${pathOrId} loaded without an error`);
}

describe('loadProbeSpec', () => {
  it('loads a probe file with built-in, CSV and control lexicons and expands it', async () => {
    const loaded = await loadProbeSpec(join(FIXTURES, 'countries.yaml'), options);
    expect(loaded.spec.id).toBe('countries-test');
    expect(loaded.spec.file).toBe('test/fixtures/probes/countries.yaml');
    expect(loaded.lexicons.get('country')).toMatchObject({ name: 'countries', version: 'test-1', source: 'test/fixtures/probes/lexicons/countries.json' });
    expect(loaded.lexicons.get('occupation')?.entries).toEqual([
      { value: 'engineer', field: 'technical' },
      { value: 'university lecturer', field: 'education, "higher"' },
      { value: 'MBA student', field: 'business' },
    ]);
    expect(loaded.control?.entries.map((e) => e.value)).toEqual(['Blicket', 'Dax', 'Wug']);

    const items = expandProbe(loaded);
    // 3 one-slot templates x (5 countries + 3 control words) + 3 occupations x (5 + 3)
    expect(items).toHaveLength(48);
    expect(countItems(loaded)).toBe(48);
    expect(items.slice(0, 8).map((i) => [i.text, i.control])).toEqual([
      ['This film was filmed in France.', false],
      ['This film was filmed in Kenya.', false],
      ['This film was filmed in India.', false],
      ['This film was filmed in Uruguay.', false],
      ['This film was filmed in Kosovo.', false],
      ['This film was filmed in Blicket.', true],
      ['This film was filmed in Dax.', true],
      ['This film was filmed in Wug.', true],
    ]);
    expect(items.filter((i) => i.template_id === 't4' && !i.control).map((i) => i.text).slice(4, 11)).toEqual([
      'An engineer from Kosovo wrote this.',
      'A university lecturer from France wrote this.',
      'A university lecturer from Kenya wrote this.',
      'A university lecturer from India wrote this.',
      'A university lecturer from Uruguay wrote this.',
      'A university lecturer from Kosovo wrote this.',
      'An MBA student from France wrote this.',
    ]);
    expect(items[0].slots.country).toEqual({ value: 'France', iso3: 'FRA', demonym: 'French', region: 'Europe' });
  });

  it('finds a built-in probe by id', async () => {
    const loaded = await loadProbeSpec('intersectional', options);
    expect(loaded.spec.file).toBe('test/fixtures/probes/intersectional.json');
    expect(expandProbe(loaded).map((i) => i.text)).toEqual([
      'Maria from France directed this film.',
      'Maria from Kosovo directed this film.',
      'Yuki from France directed this film.',
      'Yuki from Kosovo directed this film.',
    ]);
  });

  it('names the built-in probes when an id is unknown', async () => {
    const err = await loadError('nope');
    expect(err.code).toBe('E_PROBE_NOT_FOUND');
    expect(err.message).toBe('no built-in probe "nope" (looked for test/fixtures/probes/nope.yaml; built-in probes: big, broken, countries, intersectional)');
  });

  it('says when a probe file does not exist', async () => {
    const err = await loadError('test/fixtures/probes/none.yaml');
    expect(err.code).toBe('E_PROBE_NOT_FOUND');
    expect(err.message).toBe('test/fixtures/probes/none.yaml: probe file not found');
  });

  it('throws E_PROBE_SPEC with every problem of the file, one line each, in file order', async () => {
    const err = await loadError(join(FIXTURES, 'broken.yaml'));
    expect(err.code).toBe('E_PROBE_SPEC');
    expect(err.kind).toBe('input');
    expect(err.message).toBe('test/fixtures/probes/broken.yaml: 15 problems');
    const f = 'test/fixtures/probes/broken.yaml';
    expect(err.problems).toEqual([
      `${f}:1: id: must use only a-z, 0-9, "_" and "-"`,
      `${f}:2: attribute: "nationality" is not a slot (declared slots: country, occupation, city, empty, nobody)`,
      `${f}:5: templates.1.id: duplicate template id "one" (also templates.0)`,
      `${f}:5: templates.1.text: unknown slot {ocupation} (declared slots: country, occupation, city, empty, nobody)`,
      `${f}:6: templates.2: duplicate template text (same as templates.0)`,
      `${f}:7: templates.3: the template has no slot: it would give the same sentence for every group`,
      `${f}:8: templates.4.fram: unknown field (did you mean "frame"?)`,
      `${f}:8: templates.4.text: {country.capital}: 5 of 5 entries of lexicon countries have no "capital" (first: "France")`,
      `${f}:8: templates.4.paraphrase_of: unknown template id "nowhere" (template ids: one, t3, t4, para)`,
      `${f}:11: slots.occupation.lexicon: lexicon ./data/duplicates.csv line 4: duplicate entry "nurse" (first at line 2)`,
      `${f}:12: slots.city.lexicon: lexicon ./data/missing.csv: file not found (test/fixtures/probes/data/missing.csv)`,
      `${f}:13: slots.empty.lexicon: lexicon ./data/empty.json: has no entries`,
      `${f}:14: slots.nobody.lexicon: lexicon no_such_lexicon: no built-in lexicon of that name (looked for test/fixtures/probes/lexicons/no_such_lexicon.json)`,
      `${f}:15: sampling.max: must be greater than 0`,
      `${f}:16: extra: unknown field (allowed: id, title, description, attribute, attributes, expectation, templates, slots, control, sampling)`,
    ]);
  });

  it('refuses a product expansion above the cap', async () => {
    const err = await loadError(join(FIXTURES, 'big.yaml'));
    // 12 x 11 ordered name pairs x (5 countries + 3 control words) = 1,056
    expect(err.problems).toEqual([
      'test/fixtures/probes/big.yaml:9: sampling: the probe expands to 1,056 sentences, above the cap of 1,000: use sampling: {mode: sample, n: ...} or raise sampling.max',
    ]);
  });
});

describe('listBuiltinProbes', () => {
  it('lists every probe file with its counts, and broken ones with their error', async () => {
    const list = await listBuiltinProbes(options);
    expect(list.map(({ problems, ...rest }) => ({ ...rest, problems: problems.length }))).toEqual([
      { id: 'big', title: '', file: 'test/fixtures/probes/big.yaml', templates: 0, sentences: 0, error: 'test/fixtures/probes/big.yaml: 1 problem', problems: 1 },
      { id: 'broken', title: '', file: 'test/fixtures/probes/broken.yaml', templates: 0, sentences: 0, error: 'test/fixtures/probes/broken.yaml: 15 problems', problems: 15 },
      { id: 'countries-test', title: 'Countries of production', file: 'test/fixtures/probes/countries.yaml', templates: 4, sentences: 48, error: null, problems: 0 },
      { id: 'intersectional', title: 'intersectional', file: 'test/fixtures/probes/intersectional.json', templates: 1, sentences: 4, error: null, problems: 0 },
    ]);
  });
});

describe('listBuiltinLexicons', () => {
  it('lists every built-in lexicon with its size and version', async () => {
    const list = await listBuiltinLexicons(options);
    expect(list.map((l) => [l.name, l.entries, l.problems])).toEqual([
      ['countries', 5, []],
      ['first_names', 3, []],
      ['hostile', 4, []],
      ['nonce', 3, []],
    ]);
    expect(list[0].version).toBe('test-1');
    expect(list[3].version).toMatch(/^sha256:[0-9a-f]{12}$/);
  });
});
