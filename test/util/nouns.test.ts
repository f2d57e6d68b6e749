import { attributeNoun } from '../../src/util/nouns.js';

describe('attributeNoun (one word for a group, in the report, the diff page and the export alike)', () => {
  it('names a slot or a slot attribute by its last part', () => {
    expect([attributeNoun('country'), attributeNoun('name.ethnicity')]).toEqual(['country', 'ethnicity']);
  });

  it('names a list of attributes that are all a gender "gender", written as a list or joined by the stats stage', () => {
    expect(attributeNoun(['pronoun.gender', 'name.gender'])).toBe('gender');
    expect(attributeNoun('pronoun.gender, name.gender')).toBe('gender');
  });

  it('names a list of different attributes "group"', () => {
    expect(attributeNoun(['name.gender', 'country'])).toBe('group');
    expect(attributeNoun('name.gender, country')).toBe('group');
  });
});
