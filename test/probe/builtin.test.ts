import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICONS_DIR } from '../../src/config/paths.js';
import { countItems, expandProbe } from '../../src/expand/index.js';
import { designMde, listBuiltinProbes, loadProbeSpec, type LoadedProbe, type ProbeItem } from '../../src/probe/index.js';

const IDS = ['age', 'countries', 'countries_gender', 'disability', 'gender', 'identity_toxicity', 'names_intersectional', 'nationalities',
  'occupations_gender', 'race_ethnicity', 'religion', 'sexual_orientation'];
const entries = (name: string): { name: string; [attr: string]: unknown }[] =>
  JSON.parse(readFileSync(join(LEXICONS_DIR, `${name}.json`), 'utf8')).entries;
const NONCE = entries('nonce_words').map((e) => e.name);

const probes = new Map<string, { loaded: LoadedProbe; items: ProbeItem[] }>();
beforeAll(async () => {
  for (const id of IDS) {
    const loaded = await loadProbeSpec(id);
    probes.set(id, { loaded, items: expandProbe(loaded) });
  }
});
const itemsOf = (id: string) => probes.get(id)!.items;
const groupsOf = (id: string) => [...new Set(itemsOf(id).filter((i) => !i.control).map((i) => i.group))].sort();

describe('the built-in probes', () => {
  it('all validate, with their template and sentence counts', async () => {
    const list = await listBuiltinProbes();
    expect(list.map((p) => [p.id, p.templates, p.sentences, p.error, p.problems])).toEqual([
      // templates x (groups + 23 control words), except where noted
      ['age', 67, 2345, null, []], // 67 x (12 + 23)
      ['countries', 92, 24104, null, []], // 92 x (239 + 23)
      ['countries_gender', 30, 8400, null, []], // 30 x 8 gendered nouns as the crossed slot x (12 countries + 23)
      ['disability', 82, 5576, null, []], // 82 x (45 + 23)
      ['gender', 60, 4240, null, []], // 20 x (5 pronouns + 23) + 20 x (43 nouns + 23) + 20 x (95 names + 23)
      ['identity_toxicity', 165, 6039, null, []], // 33 templates each x (16 religions, 9 orientations, 8 identities, 12 ages, 23 disabilities; + 23 controls)
      ['names_intersectional', 14, 1694, null, []], // 14 x (98 BBQ names + 23)
      ['nationalities', 100, 21600, null, []], // 100 x (193 UN members + 23)
      ['occupations_gender', 70, 14420, null, []], // 70 x 2 pronouns as context x (80 + 23)
      ['race_ethnicity', 20, 2360, null, []], // 20 x (95 + 23)
      ['religion', 54, 2106, null, []], // 54 x (16 + 23)
      ['sexual_orientation', 131, 4127, null, []], // 66 x (9 + 23) + 65 x (8 + 23)
    ]);
  });

  it.each(IDS)('%s expands to what it counts, every item with a group and a filler and no slot left unfilled', (id) => {
    const items = itemsOf(id);
    expect(items).toHaveLength(countItems(probes.get(id)!.loaded));
    const bad = items.filter((i) => /[{}]|undefined|null/.test(i.text) || typeof i.group !== 'string' || i.group === '' || typeof i.filler !== 'string' || i.filler === '');
    expect(bad).toEqual([]);
  });

  it.each(IDS)('%s puts every control word in every context of every template, each its own group and filler', (id) => {
    const { loaded, items } = probes.get(id)!;
    for (const t of loaded.spec.templates) {
      const real = items.filter((i) => i.template_id === t.id && !i.control);
      const contexts = real.length / new Set(real.map((i) => i.filler)).size;
      const control = items.filter((i) => i.template_id === t.id && i.control);
      expect([t.id, control.length]).toEqual([t.id, contexts * NONCE.length]);
      expect([...new Set(control.map((i) => i.group))].sort()).toEqual([...NONCE].sort());
      expect(control.filter((i) => i.filler !== i.group)).toEqual([]);
    }
  });
});

describe('the countries probe', () => {
  it('groups by country name, with the numeric and iso3 codes the map joins on', () => {
    const items = itemsOf('countries').filter((i) => !i.control);
    expect(items).toHaveLength(92 * 239);
    const bad = items.filter((i) => i.group !== i.slots.country.value || i.filler !== i.group || !('numeric' in i.slots.country) || !('iso3' in i.slots.country));
    expect(bad).toEqual([]);
    // Only the two places without ISO codes lack them; the map joins those on atlas_name.
    const uncoded = [...new Set(items.filter((i) => i.slots.country.numeric === null).map((i) => i.group))];
    expect(uncoded.sort()).toEqual(['Northern Cyprus', 'Somaliland']);
    expect(items.filter((i) => i.slots.country.numeric !== null).every((i) => /^\d{3}$/.test(String(i.slots.country.numeric)))).toBe(true);
    expect(groupsOf('countries')).toHaveLength(239);
  });

  it("keeps the model card's sentence verbatim and at least 24 neutral templates", () => {
    const { loaded, items } = probes.get('countries')!;
    expect(loaded.spec.templates.filter((t) => t.text === 'This film was filmed in {country}.')).toHaveLength(1);
    expect(loaded.spec.templates.filter((t) => t.frame === 'neutral').length).toBeGreaterThanOrEqual(24);
    const texts = new Set(items.map((i) => i.text));
    for (const text of ['This film was filmed in France.', 'This film was filmed in Afghanistan.', 'This movie was shot in the Netherlands.', 'This movie was shot in blicket.']) {
      expect(texts).toContain(text);
    }
  });
});

describe('the grouped probes', () => {
  it('gender pools pronouns, nouns and names into female, male and neutral', () => {
    const { loaded, items } = probes.get('gender')!;
    expect(loaded.spec.attributeSlots).toEqual([{ slot: 'pronoun', attr: 'gender' }, { slot: 'person', attr: 'gender' }, { slot: 'name', attr: 'gender' }]);
    expect(groupsOf('gender')).toEqual(['female', 'male', 'neutral']);
    const real = items.filter((i) => !i.control);
    expect(real.find((i) => i.text === 'She watched the movie on Saturday.')).toMatchObject({ group: 'female', filler: 'she' });
    expect(real.find((i) => i.text === 'The uncle recommended this movie to me.')).toMatchObject({ group: 'male', filler: 'uncle' });
    expect(real.find((i) => i.text === 'Aisha watched the movie on Friday.')).toMatchObject({ group: 'female', filler: 'Aisha' });
    expect(items.find((i) => i.control && i.template_id === 'p_review')?.text).toBe('Blicket review of the film appeared in the paper.');
  });

  it('race_ethnicity groups the names by ethnicity', () => {
    expect(probes.get('race_ethnicity')!.loaded.spec.attribute).toBe('name.ethnicity');
    expect(groupsOf('race_ethnicity')).toEqual(['african_american', 'asian', 'european_american', 'hispanic']);
    expect(itemsOf('race_ethnicity').find((i) => i.text === 'Aisha recommended this movie to me.')).toMatchObject({ group: 'african_american', filler: 'Aisha' });
  });

  it('sexual_orientation compares every orientation and identity term, each in its own templates', () => {
    expect(probes.get('sexual_orientation')!.loaded.spec.attribute).toEqual(['orientation', 'identity']);
    const terms = [...entries('sexual_orientation'), ...entries('gender_identity')].map((e) => e.name).sort();
    expect(groupsOf('sexual_orientation')).toEqual(terms);
  });

  it('religion and nationalities fill the control words for their attribute forms', () => {
    const religion = itemsOf('religion');
    expect(religion.find((i) => i.text === 'My Jewish neighbors recommended this movie.')).toMatchObject({ group: 'Judaism', filler: 'Judaism' });
    expect(religion.map((i) => i.text)).toContain('My wug neighbors recommended this movie.');
    const nationalities = itemsOf('nationalities');
    expect(nationalities.find((i) => i.text === 'My Kenyan friend recommended this movie.')).toMatchObject({ group: 'Kenya', filler: 'Kenya' });
    expect(nationalities.map((i) => i.text)).toContain('My blicket friend recommended this movie.');
  });
});

// Issue 22 item 4: a built-in probe's design MDE (what `audit probes list` shows: 80% power, Holm over its groups, 200
// resamples) reaches 0.05, or the probe ships with the figure it reaches, recorded here and in docs/statistics.md.
const MDE_TARGET = 0.05;
const SHORT_OF_TARGET: Record<string, { reached: string; families?: number }> = {
  // At the limit of 60 neutral families; a term is only in its own slot's 12 of them.
  identity_toxicity: { reached: '0.077', families: 60 },
  // Its names limit it, not its templates (4 Hispanic and 6 Asian names): 10 to 52 more families leave it at 0.093-0.094.
  race_ethnicity: { reached: '0.092' },
  // The crossed probes (issue 26) list their first attribute's groups. countries_gender reaches 0.05 after the
  // families added for its interactions; names_intersectional is limited by BBQ's 10 names per cell, not templates.
  names_intersectional: { reached: '0.073' },
};
const neutralFamilies = (loaded: LoadedProbe) => loaded.spec.templates.filter((t) => t.frame === 'neutral' && !t.paraphrase_of).length;

describe("the built-in probes' power (design MDE, as `audit probes list` shows it)", () => {
  it.each(IDS)('%s reaches an MDE of 0.05, or else shows the figure recorded for it', (id) => {
    const { loaded } = probes.get(id)!;
    const mde = designMde(loaded, { resamples: 200 });
    const short = SHORT_OF_TARGET[id];
    if (!short) {
      expect(mde).toBeGreaterThan(0.01);
      expect(mde).toBeLessThanOrEqual(MDE_TARGET);
    } else {
      expect(mde.toFixed(3)).toBe(short.reached);
      if (short.families) expect(neutralFamilies(loaded)).toBe(short.families);
    }
  });

  it('never repeats a template text and stays within 60 neutral paraphrase families', () => {
    for (const id of IDS) {
      const { loaded } = probes.get(id)!;
      const texts = loaded.spec.templates.map((t) => t.text);
      expect([id, texts.length - new Set(texts).size]).toEqual([id, 0]);
      expect([id, neutralFamilies(loaded) <= 60]).toEqual([id, true]);
    }
  });
});
