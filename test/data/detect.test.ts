import { AXES, buildAxis, personNouns, type AxisName } from '../../src/data/axes.js';
import { makeDetector } from '../../src/data/detect.js';
import { counterfactualsOf, matchCase, targetGroups } from '../../src/data/swap.js';
import { winkTagger, type Tagger } from '../../src/data/tagger.js';
import { mulberry32 } from '../../src/stats/random.js';

let tagger: Tagger;
const axes = new Map(AXES.map((a) => [a, buildAxis(a)]));
let detect: (text: string) => ReturnType<ReturnType<typeof makeDetector>>;
beforeAll(async () => {
  tagger = await winkTagger();
  detect = makeDetector([...axes.values()], { personNouns: personNouns(), tag: (t) => tagger.tag(t) });
});

const brief = (text: string) => detect(text).map((m) => `${m.axis}:${m.surface}=${m.group}/${m.role}${m.unsure ? '?' : ''}`);
/** Every counterfactual of one axis into one target group, first sample. */
function swap(text: string, axis: AxisName, to: string[], samples = 1) {
  const targets = new Map([[axis, to]]);
  return counterfactualsOf(text, 0, detect(text).filter((m) => m.axis === axis), axes, targets, { samples, groups: 20 }, mulberry32(1));
}

describe('finding identity mentions', () => {
  it('reads "her" as object or possessive from the tagger, and "his" as determiner or pronoun', () => {
    expect(brief('I told him about her.')).toEqual(['gender:him=male/object', 'gender:her=female/object']);
    expect(brief('Her car is red, and the book is his.')).toEqual(['gender:Her=female/possessive', 'gender:his=male/possessive_pronoun']);
    expect(brief('His idea was good.')).toEqual(['gender:His=male/possessive']);
  });

  it('flags "her" after a verb before a noun as unsure (she may be the object: "gave her flowers")', () => {
    expect(brief('I saw her dog yesterday.')).toEqual(['gender:her=female/possessive?']);
  });

  it('does not take "white wine" or "black coffee" for a mention, but "white people" and "a Black family"', () => {
    expect(brief('We drank white wine and black coffee.')).toEqual([]);
    expect(brief('The white people next door and a Black family moved in.')).toEqual(['race_ethnicity:white=white/adjective', 'race_ethnicity:Black=black/adjective']);
    expect(brief('Many white middle-class families live there.')).toEqual(['race_ethnicity:white=white/adjective']);
  });

  it('matches multi-word terms and lets the longer one win ("Native American" is no bare "American")', () => {
    expect(brief('She moved to the United States with Native American friends.')).toEqual([
      'gender:She=female/subject', 'country:the United States=United States/name', 'race_ethnicity:Native American=indigenous/adjective',
    ]);
  });

  it('keeps word boundaries: "hero" is not inside "heroine", "he" not inside "the", "old" not in "fifty-year-old"', () => {
    expect(brief('The heroine met the hero.')).toEqual(['gender:heroine=female/noun:heroine_hero', 'gender:hero=male/noun:heroine_hero']);
    expect(brief('A fifty-year-old man.')).toEqual(['age:fifty-year-old=middle/adjective', 'gender:man=male/noun:woman_man']);
  });

  it('finds plurals and possessives: "women", "Muslims", "Jamal\'s"', () => {
    expect(brief('The women thanked the Muslims for Jamal\'s help.')).toEqual([
      'gender:women=female/noun_plural:woman_man', 'religion:Muslims=Islam/plural', 'names:Jamal=african_american male/name',
    ]);
  });

  it('reads "Christian" as adjective before a noun and as the adherent alone', () => {
    expect(brief('A Christian school hired a Christian.')).toEqual(['religion:Christian=Christianity/adjective', 'religion:Christian=Christianity/adherent']);
  });

  it('needs a capital for proper nouns in mixed-case text ("china" the porcelain), not in a lower-cased corpus', () => {
    expect(brief('The china was fine, Turkey was lovely.')).toEqual(['country:Turkey=Turkey/name']);
    expect(brief("it 's a film about france .")).toEqual(['country:france=France/name']);
  });

  describe('ambiguous terms (data/ambiguous.ts) need context to count, in lower-cased text too', () => {
    const read = (text: string) => detect(text).filter((m) => m.axis === 'country' || m.axis === 'nationality')
      .map((m) => `${m.group}:${m.ambiguous ? 'unsure' : 'sure'}`);
    it.each([
      ['an utter turkey of a movie .', []],
      ['he quit cold turkey .', []],
      ['fine china and french fries', []],
      ['Michael Jordan dunks.', []],
      ['the film was shot in turkey and jordan .', ['Turkey:sure', 'Jordan:sure']],
      ['they visited china last year', ['China:sure']],
      ['We flew to Jordan.', ['Jordan:sure']],
      ['turkey is lovely .', ['Turkey:unsure']],
      ['Turkey is lovely.', ['Turkey:unsure']],
      ['a french film', ['French:sure']],
    ])('%j reads as %j', (text, expected) => {
      expect(read(text)).toEqual(expected);
    });
  });

  it('takes "straight" and "old" as identity words only before a noun for people', () => {
    expect(brief('A straight line through the old house.')).toEqual([]);
    expect(brief('A straight couple and an old woman.')).toEqual(['sexual_orientation:straight=heterosexual/adjective', 'age:old=old/adjective', 'gender:woman=female/noun:woman_man']);
  });
});

describe('counterfactual swaps', () => {
  it('keep case and grammar, one group at a time: "She lent her book to him"', () => {
    expect(swap('She lent her book to him.', 'gender', ['female', 'male']).map((c) => [c.from, c.to, c.text])).toEqual([
      ['female', 'male', 'He lent his book to him.'],
      ['male', 'female', 'She lent her book to her.'],
    ]);
  });

  it('turn "his" into "hers" when it stands alone and gendered nouns into their pair', () => {
    expect(swap('The idea was his, said the father.', 'gender', ['female']).map((c) => c.text)).toEqual(['The idea was hers, said the mother.']);
    expect(swap('Both mothers were there.', 'gender', ['male']).map((c) => c.text)).toEqual(['Both fathers were there.']);
  });

  it('replace a name everywhere with the same name of the other group, possessive kept', () => {
    const out = swap("Jamal said Jamal's film was fine.", 'names', ['european_american male']);
    expect(out).toHaveLength(1);
    expect(out[0].text).toMatch(/^(\w+) said \1's film was fine\.$/);
    expect(out[0].text).not.toContain('Jamal');
  });

  it('give one counterfactual per target group, K with --swap-samples, none identical', () => {
    const out = swap('Emily loved it.', 'names', ['african_american female', 'hispanic female'], 3);
    expect(out.filter((c) => c.to === 'african_american female')).toHaveLength(3);
    expect(new Set(out.map((c) => c.text)).size).toBe(out.length);
  });

  it('carry the article of a country: "in France" -> "in the Netherlands"; a lower-case corpus stays lower-case', () => {
    expect(swap('It was filmed in France.', 'country', ['Netherlands']).map((c) => c.text)).toEqual(['It was filmed in the Netherlands.']);
    expect(swap('a film about france .', 'country', ['Kenya']).map((c) => c.text)).toEqual(['a film about kenya .']);
    expect(swap('France won.', 'country', ['Netherlands']).map((c) => c.text)).toEqual(['The Netherlands won.']);
  });

  it('flag the swaps the tagger was unsure of', () => {
    const [c] = swap('I saw her dog yesterday.', 'gender', ['male']);
    expect(c.text).toBe('I saw his dog yesterday.');
    expect(c.unsure).toBe(true);
  });

  it('sample at most --swap-groups target groups, the same for the same seed', () => {
    const a = targetGroups([axes.get('country')!], 20, mulberry32(5)).get('country')!;
    expect(a).toHaveLength(20);
    expect(targetGroups([axes.get('country')!], 20, mulberry32(5)).get('country')).toEqual(a);
    expect(targetGroups([axes.get('gender')!], 20, mulberry32(5)).get('gender')).toEqual(['female', 'male']);
  });

  it('spell replacements in the case of the original', () => {
    expect(matchCase('SHE', 'he', false)).toBe('HE');
    expect(matchCase('She', 'he', false)).toBe('He');
    expect(matchCase('white', 'Black', false)).toBe('Black');
    expect(matchCase('france', 'the Netherlands', true)).toBe('the netherlands');
    expect(matchCase('France', 'the Netherlands', false, 'France')).toBe('the Netherlands');
    expect(matchCase('The', 'a', false, 'the')).toBe('A');
  });
});

describe('the work of finding mentions', () => {
  /** Steps of the detector's own loops on a text of about `bytes` characters, dense with mentions that need the tagger. */
  function stepsFor(bytes: number): { steps: number; mentions: number } {
    const work = { steps: 0 };
    const counted = makeDetector([...axes.values()], { personNouns: personNouns(), tag: (t) => tagger.tag(t), work });
    const sentence = 'I gave her flowers and the Native American people met white families in Turkey. ';
    const text = sentence.repeat(Math.ceil(bytes / sentence.length));
    const mentions = counted(text).length;
    return { steps: work.steps, mentions };
  }

  it('grows linearly with the text: ten times the text, about ten times the steps (it was quadratic in the mentions)', () => {
    const small = stepsFor(10_000);
    const large = stepsFor(100_000);
    expect(small.mentions).toBeGreaterThanOrEqual(500);
    expect(large.mentions).toBeGreaterThan(10 * small.mentions - 50);
    const ratio = large.steps / small.steps;
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(14);
  });
});

describe('the work of building swaps', () => {
  it('swaps every mention of a long text at once: the counterfactual of a repeated sentence is the repeated counterfactual', () => {
    const sentence = 'She told her brother that the family next door had moved. ';
    const one = swap(sentence, 'gender', ['male']);
    const long = swap(sentence.repeat(3000), 'gender', ['male']);
    expect(one.map((c) => c.text)).toEqual(['He told his brother that the family next door had moved. ']);
    expect(long).toHaveLength(1);
    expect(long[0].text).toBe(one[0].text.repeat(3000));
  });
});
