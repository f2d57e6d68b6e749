import { canonicalJson } from '../../src/evidence/index.js';

describe('canonicalJson (RFC 8785)', () => {
  it('prints the RFC\'s example of numbers, strings and literals (section 3.2.2) exactly', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
      + ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
      + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts member names by UTF-16 code units, as the RFC\'s example does (section 3.2.3)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Dalet', '1': 'One', '\ud83d\ude00': 'Emoji', '\u0080': 'Control', '\u00f6': 'o' };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse puts "1" (an array index) first whatever the text says; the order in the text is what counts.
    expect(canonicalJson(input)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"o","\u20ac":"Euro Sign",'
      + '"\ud83d\ude00":"Emoji","\ufb33":"Dalet"}');
    expect(keys).toHaveLength(7);
  });

  it('prints numbers as ECMAScript does (RFC 8785 appendix B) and refuses what JSON cannot hold', () => {
    expect([0, -0, 5e-324, 1e21, 1e20, 9007199254740992, 0.000001, 1e-7].map((n) => canonicalJson(n)))
      .toEqual(['0', '0', '5e-324', '1e+21', '100000000000000000000', '9007199254740992', '0.000001', '1e-7']);
    expect(() => canonicalJson(Number.NaN)).toThrow('JCS has no form for NaN');
    expect(canonicalJson({ b: [1, { d: 1, c: undefined, a: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"a":"x","d":1}]}');
  });
});
