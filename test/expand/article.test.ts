import { indefiniteArticle, withArticle } from '../../src/expand/article.js';

describe('indefiniteArticle', () => {
  it.each([
    // rule 5: the first letter
    ['engineer', 'an'],
    ['doctor', 'a'],
    ['Indian', 'an'],
    ['Omani', 'an'],
    ['Emirati', 'an'],
    ['Kenyan', 'a'],
    ['umbrella', 'an'],
    ['urban planner', 'an'],
    ['Uzbek', 'an'],
    ['historian', 'a'],
    ['', 'a'],
    // rule 3: silent h
    ['hour', 'an'],
    ['honest man', 'an'],
    ['honorary member', 'an'],
    ['honour', 'an'],
    ['heir', 'an'],
    ['heiress', 'an'],
    // rule 4: vowels that sound like "you" or "won"
    ['university', 'a'],
    ['unicorn', 'a'],
    ['union leader', 'a'],
    ['unique', 'a'],
    ['user', 'a'],
    ['usual', 'a'],
    ['utensil', 'a'],
    ['European', 'a'],
    ['euro', 'a'],
    ['ewe', 'a'],
    ['one-off', 'a'],
    ['Ugandan', 'a'],
    ['Ukrainian', 'a'],
    ['Uruguayan', 'a'],
    ['unanimous', 'a'],
    ['urologist', 'a'],
    ['uninformed', 'an'],
    ['unidentified', 'an'],
    ['unimportant', 'an'],
    ['unusual', 'an'],
    ['utter', 'an'],
    // rule 2: initialisms spelled out letter by letter
    ['MBA', 'an'],
    ['MBAs', 'an'],
    ['FBI agent', 'an'],
    ['NGO', 'an'],
    ['LGBT', 'an'],
    ['HR manager', 'an'],
    ['SUV', 'an'],
    ['EU citizen', 'an'],
    ['U.S. citizen', 'a'],
    ['UN official', 'a'],
    ['UFO', 'a'],
    ['URL', 'a'],
    ['F', 'an'],
    ['B', 'a'],
    ['X-ray', 'an'],
    ['U-turn', 'a'],
    ['NATO', 'a'],
    ['UNESCO', 'a'],
    ['OPEC', 'an'],
    // rule 1: numbers as spoken
    ['8-year-old', 'an'],
    ['80', 'an'],
    ['11', 'an'],
    ['18th', 'an'],
    ['11,000', 'an'],
    ['18500000', 'an'],
    ['110', 'a'],
    ['1', 'a'],
    ['7', 'a'],
  ])('uses the right article before "%s" (%s)', (word, article) => {
    expect(indefiniteArticle(word)).toBe(article);
  });

  it('reads only the first word of a phrase and skips opening quotes', () => {
    expect(indefiniteArticle('"old" friend')).toBe('an');
    expect(indefiniteArticle('hour-long talk')).toBe('an');
  });

  it('puts the article in front of the phrase', () => {
    expect(withArticle('engineer')).toBe('an engineer');
    expect(withArticle('university lecturer')).toBe('a university lecturer');
  });
});
