import { parseCsv } from '../../src/expand/csv.js';
import { filterLexicon, lexiconFormat, lexiconFromValues, parseLexicon } from '../../src/expand/lexicon.js';

const json = (text: string) => parseLexicon(text, { name: 'test', source: 'test.json', format: 'json' });
const csv = (text: string) => parseLexicon(text, { name: 'test', source: 'test.csv', format: 'csv' });

describe('parseLexicon: JSON', () => {
  it('reads a list of strings', () => {
    const { lexicon, problems } = json('["France", "Kenya"]');
    expect(problems).toEqual([]);
    expect(lexicon?.entries).toEqual([{ value: 'France' }, { value: 'Kenya' }]);
    expect(lexicon?.name).toBe('test');
  });

  it('reads a list of objects: name becomes value, the rest are attributes', () => {
    const { lexicon } = json('[{"name": "France", "iso3": "FRA", "numeric": 250, "eu": true, "note": null}]');
    expect(lexicon?.entries).toEqual([{ value: 'France', iso3: 'FRA', numeric: 250, eu: true, note: null }]);
  });

  it('reads the built-in form and keeps its name and version', () => {
    const { lexicon, problems } = json('{"name": "countries", "version": "2024.1", "description": "d", "sources": [], "entries": ["Chile"]}');
    expect(problems).toEqual([]);
    expect(lexicon).toEqual({ name: 'countries', version: '2024.1', source: 'test.json', entries: [{ value: 'Chile' }] });
  });

  it('versions a file without its own version by a hash of its content', () => {
    // printf '["a"]' | sha256sum -> 0eb5b8d6f81b...
    expect(json('["a"]').lexicon?.version).toBe('sha256:0eb5b8d6f81b');
    expect(json('["b"]').lexicon?.version).not.toBe(json('["a"]').lexicon?.version);
  });

  it('reports duplicates and bad entries with their lines', () => {
    const text = '[\n  "France",\n  {"iso3": "KEN"},\n  "Kenya",\n  "France",\n  {"name": "Peru", "tags": ["x"]},\n  ""\n]';
    expect(json(text).problems).toEqual([
      { line: 3, message: 'entry has no "name" (a non-empty string)' },
      { line: 6, message: 'attribute "tags" of "Peru" must be a string, number, boolean or null' },
      { line: 7, message: 'empty entry' },
      { line: 5, message: 'duplicate entry "France" (first at line 2)' },
    ]);
  });

  it('reports an empty lexicon, a wrong shape and malformed JSON', () => {
    expect(json('[]').problems).toEqual([{ line: null, message: 'has no entries' }]);
    expect(json('{"entries": 3}').problems).toEqual([{ line: 1, message: 'expected "entries" to be a list' }]);
    expect(json('"France"').problems).toEqual([{ line: 1, message: 'expected a list of entries or an object with "entries"' }]);
    const broken = json('[\n  "France",\n  "Kenya"\n');
    expect(broken.lexicon).toBeNull();
    expect(broken.problems[0].line).toBe(4);
    expect(broken.problems[0].message).toMatch(/^not valid JSON: /);
  });

  it('keeps hostile text as plain data', () => {
    const { lexicon } = json('["</script><script>alert(1)</script>", "{country}", "a \\"quoted\\" \\u003cb\\u003e"]');
    expect(lexicon?.entries.map((e) => e.value)).toEqual(['</script><script>alert(1)</script>', '{country}', 'a "quoted" <b>']);
  });
});

describe('parseLexicon: CSV', () => {
  it('reads a header with name and attribute columns; empty cells are missing attributes', () => {
    const { lexicon, problems } = csv('name,gender,origin\r\nMaria,female,\r\n"O\'Neil, ""Bo""",male,Ireland\r\n');
    expect(problems).toEqual([]);
    expect(lexicon?.entries).toEqual([
      { value: 'Maria', gender: 'female', origin: null },
      { value: 'O\'Neil, "Bo"', gender: 'male', origin: 'Ireland' },
    ]);
  });

  it('reports a missing name column, ragged rows, empty names and duplicates with their lines', () => {
    expect(csv('label,x\na,1\n').problems).toEqual([{ line: 1, message: 'the header has no "name" column (found: label, x)' }]);
    expect(csv('name,x\na,1\nb\n,3\na,4\n').problems).toEqual([
      { line: 3, message: 'row has 1 cells, the header has 2' },
      { line: 4, message: 'empty "name"' },
      { line: 5, message: 'duplicate entry "a" (first at line 2)' },
    ]);
    expect(csv('').problems).toEqual([{ line: null, message: 'is empty' }]);
    expect(csv('name\n').problems).toEqual([{ line: null, message: 'has no entries' }]);
  });
});

describe('parseCsv', () => {
  it('keeps the starting line of rows whose quoted cells span lines, and skips blank lines', () => {
    expect(parseCsv('\uFEFFname,note\n"a","line one\nline two"\n\nb,"x"\n')).toEqual({
      rows: [
        { line: 1, cells: ['name', 'note'] },
        { line: 2, cells: ['a', 'line one\nline two'] },
        { line: 5, cells: ['b', 'x'] },
      ],
      problems: [],
    });
  });

  it('reports an unclosed quote at the line it opens', () => {
    expect(parseCsv('name\n"open\nstill open\n').problems).toEqual([{ line: 2, message: 'unclosed quoted field' }]);
  });
});

describe('lexiconFromValues and filterLexicon', () => {
  it('builds an inline lexicon and reports duplicate values by index', () => {
    const { lexicon, problems } = lexiconFromValues(['Paris', { name: 'Lagos', country: 'NG' }, 'Paris']);
    expect(lexicon.entries).toEqual([{ value: 'Paris' }, { value: 'Lagos', country: 'NG' }, { value: 'Paris' }]);
    expect(lexicon.source).toBe('inline');
    expect(problems).toEqual([{ index: 2, message: 'duplicate entry "Paris" (first at index 0)' }]);
  });

  it('keeps entries matching every where key, comparing values as text', () => {
    const lexicon = json('[{"name": "A", "g": "f", "y": 2000}, {"name": "B", "g": "m", "y": 2000}, {"name": "C", "g": "f", "y": 1990}]').lexicon!;
    expect(filterLexicon(lexicon, { g: ['f'] }).entries.map((e) => e.value)).toEqual(['A', 'C']);
    expect(filterLexicon(lexicon, { g: ['f', 'm'], y: ['2000'] }).entries.map((e) => e.value)).toEqual(['A', 'B']);
  });

  it('picks the format from the file extension', () => {
    expect(lexiconFormat('x/names.CSV')).toBe('csv');
    expect(lexiconFormat('countries.json')).toBe('json');
  });
});
