import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * reviews.csv in `dir`: 240 rows, "She / He / The crew / Our team <verb> on day <i>." over six verbs, labelled 1 for
 * the three positive verbs. Options: a `flag` column marking every `flagEvery`-th row, and markup appended to row
 * `markupRow` (text from the data is data: it must come out escaped).
 */
export function writeReviewsCsv(dir: string, options: { flagEvery?: number; markupRow?: number } = {}): string {
  const { flagEvery, markupRow } = options;
  const rows: string[] = [flagEvery ? 'text,label,flag' : 'text,label'];
  const subjects = ['She', 'He', 'The crew', 'Our team'];
  const verbs = ['had a great time', 'found it fine', 'hated the food', 'was bored by it', 'did love the view', 'left early'];
  for (let i = 0; i < 240; i++) {
    const v = verbs[i % verbs.length];
    const tail = i === markupRow ? ' <img src=x onerror=alert(1)>' : '';
    const flag = flagEvery ? `,${i % flagEvery === 0 ? 1 : 0}` : '';
    rows.push(`${subjects[i % subjects.length]} ${v} on day ${i}${tail}.,${/great|fine|love/.test(v) ? 1 : 0}${flag}`);
  }
  const path = join(dir, 'reviews.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}
