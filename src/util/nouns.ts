/** Words for what a probe compares, shared by the report, the diff page and the export. */

/**
 * What a group is, for sentences: "country" for `country`, "ethnicity" for `name.ethnicity`, "gender" for a list
 * whose attributes are all a gender (`pronoun.gender, name.gender`), and "group" for a list of different ones.
 * Takes the attribute as the probe writes it (a string or a list) or as the stats stage joins it (", ").
 */
export function attributeNoun(attribute: string | string[]): string {
  const parts = (Array.isArray(attribute) ? attribute : attribute.split(',')).map((a) => a.trim()).filter((a) => a !== '');
  const nouns = [...new Set(parts.map((a) => a.split('.').pop()!))];
  return nouns.length === 1 ? nouns[0] : 'group';
}

export function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
