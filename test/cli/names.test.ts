/**
 * Group names are data, whatever they spell: JavaScript property names and line/paragraph separators go through
 * the whole pipeline (audit run on a real model, then report, export and diff) and are drawn where their numbers
 * put them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'line\u2028break', 'para\u2029break', 'France'];
const ISOLATE = (name: string) => `\u2068${name}\u2069`;

interface Group { key: string; mean: number; centred: number }

/** The chart marks whose aria-label starts with an isolated name and contains `tag`, in drawing position order. */
function marksInOrder(html: string, tag: string, axis: 'x' | 'y'): string[] {
  const marks: { name: string; at: number }[] = [];
  // Points are placed with transform="translate(x,y)", rects drawn with d="Mx,y...".
  const re = /<path aria-label="([^"]*)"[^>]*?(?:transform="translate\(|d="M)([-\d.e]+),([-\d.e]+)/g;
  for (const m of html.matchAll(re)) {
    const label = m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    if (!label.startsWith('\u2068') || !label.includes(tag)) continue;
    marks.push({ name: label.slice(1, label.indexOf('\u2069')), at: Number(axis === 'x' ? m[2] : m[3]) });
  }
  return marks.sort((a, b) => a.at - b.at).map((m) => m.name);
}

describe('a probe whose group names are JavaScript property names or contain U+2028/U+2029', () => {
  let dir: string;
  let run: string;
  let groups: Group[];
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'audit-names-'));
    const probe = {
      id: 'names', title: 'Names', description: 'Group names that are JavaScript property names', attribute: 'country',
      expectation: { type: 'invariant' },
      templates: [
        { id: 'filmed', text: 'This film was filmed in {country}.' },
        { id: 'food', text: 'I loved the food in {country}.' },
        { id: 'made', text: 'The picture was made in {country}.' },
      ],
      slots: { country: { values: NAMES } },
      control: { values: ['blicketland', 'daxia'] },
    };
    writeFileSync(join(dir, 'names.json'), JSON.stringify(probe));
    run = join(dir, 'run');
    const r = audit(['run', '--probe', join(dir, 'names.json'), '--model', join(HF_FIXTURES, 'tiny'), '--out', run, '--no-cache', '--resamples', '50', '--workers', '1', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    groups = (JSON.parse(readFileSync(join(run, 'result.json'), 'utf8')) as { stats: { groups: Group[] } }).stats.groups;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('audit run writes result.json with one group per name, and report.html', () => {
    expect(groups.map((g) => g.key).sort()).toEqual([...NAMES].sort());
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toContain('<svg');
  });

  it('draws each name in the effect chart at the place of its effect (highest first, top to bottom)', () => {
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const byEffect = [...groups].sort((a, b) => b.centred - a.centred).map((g) => g.key);
    expect(marksInOrder(html, '; effect: ', 'y')).toEqual(byEffect);
  });

  it('draws each name in the heatmap column of its centred mean (lowest first, left to right), once per template', () => {
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const byCentred = [...groups].sort((a, b) => a.centred - b.centred).map((g) => g.key);
    const columns = marksInOrder(html, '; template: ', 'x');
    expect(columns).toHaveLength(NAMES.length * 3);
    expect([...new Set(columns)]).toEqual(byCentred);
  });

  it('isolates each name in the charts (U+2068 ... U+2069) and tables (<bdi>), so bidi text cannot reorder its neighbours', () => {
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    for (const name of NAMES) expect(html).toContain(`${ISOLATE(name)}; effect: `);
    // Tables isolate them with <bdi> (Handlebars escapes "=" and the like, none of which these names have).
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) expect(html).toContain(`<td class="name"><bdi>${name}</bdi></td>`);
  });

  it('audit report re-renders it, and export and diff handle the names', () => {
    expect(audit(['report', run, '--quiet']).code).toBe(0);
    const csv = audit(['export', run, '--format', 'csv']);
    expect(csv.code).toBe(0);
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) expect(csv.stdout).toMatch(new RegExp(`^${name},3,`, 'm'));
    const md = audit(['export', run, '--format', 'md']);
    expect(md.code).toBe(0);
    const diff = audit(['diff', run, run, '--out', join(dir, 'diff'), '--quiet', '--resamples', '50']);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    const changes = JSON.parse(readFileSync(join(dir, 'diff', 'diff.json'), 'utf8')) as { groups: { key: string }[] };
    expect(changes.groups.map((g) => g.key).sort()).toEqual([...NAMES].sort());
  });
});
