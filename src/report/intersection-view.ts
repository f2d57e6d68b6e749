/**
 * One factorial table (result/intersection.ts: two axes crossed) as the view of templates/partials/intersection-table.hbs:
 * a grid of cells (rows: the first axis, columns: the second) with each cell's effect and its interaction, the main
 * effects beside and below it, the tetrads of an incomplete table, and the interactions in plain words. Numbers are
 * formatted here; the partial escapes every value (level names come from the data or the lexicons).
 */
import * as fmt from '../util/format.js';
import type { DataBlock } from '../result/index.js';
import { intersectionMark } from '../result/index.js';
import { effectWords, type WordedTable } from '../util/intersection-words.js';

type Table = NonNullable<DataBlock['factorial']>[number];
type Effect = Table['cells'][number];
type Tetrad = Table['tetrads'][number];

const MEASURE_WORDS: Record<string, { title: string; noun: string; verb: string }> = {
  mean_score: { title: 'mean score', noun: 'mean score', verb: 'score' },
  positive_rate: { title: 'positive rate', noun: 'positive rate', verb: 'have a positive rate' },
  tpr: { title: 'true positive rate (positives only)', noun: 'true positive rate', verb: 'have a true positive rate' },
  fpr: { title: 'false positive rate (negatives only)', noun: 'false positive rate', verb: 'have a false positive rate' },
  score: { title: 'score', noun: 'score', verb: 'score' },
};

const axis = (name: string) => name.replace(/_/g, ' ');
const points = (x: number) => `${(Math.abs(100 * x)).toFixed(1)} point${Math.abs(100 * x).toFixed(1) === '1.0' ? '' : 's'}`;
const interval = (ci: Effect['ci']) => (ci && ci[0] !== null && ci[1] !== null ? `${fmt.signed(ci[0])} to ${fmt.signed(ci[1])}` : 'none');
const pointsInterval = (ci: Effect['ci']) => (ci && ci[0] !== null && ci[1] !== null
  ? `${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points` : 'none');
const shown = (e: Effect | Tetrad | undefined) => (e && e.estimate !== null ? `${fmt.signed(e.estimate)} (${interval(e.ci)})` : '\u2013');
/** The mark of the shown interval (result/intersection-read.ts), as the findings and the gate read it. */
const tone = (e: Effect | Tetrad | undefined) => {
  const mark = e ? intersectionMark(e) : null;
  return mark ? `sig ${mark}` : '';
};

export interface IntersectionView {
  title: string;
  sentences: string[];
  columns: string[];
  rows: {
    level: string;
    cells: { effect: string; interaction: string; n: string; tone: string; interactionTone: string }[];
    main: string;
    mainTone: string;
  }[];
  mainRow: { main: string; tone: string }[];
  tetrads: { a: string; b: string; estimate: string; p: string; tone: string }[];
  notes: string[];
}

export function intersectionView(t: Table): IntersectionView {
  const words = MEASURE_WORDS[t.measure] ?? { title: t.measure, noun: t.measure, verb: 'score' };
  const [A, B] = t.levels;
  const find = (list: Effect[], a: string | null, b: string | null) => list.find((e) => e.a === a && e.b === b);
  const rows = A.map((a) => ({
    level: a,
    cells: B.map((b) => {
      const cell = find(t.cells, a, b);
      const inter = find(t.interactions, a, b);
      // Each number carries its own mark: the cell effect its interval in the cells' family, the interaction its interval in
      // the interactions' family (the one the findings and the gate read).
      return { effect: shown(cell), interaction: inter ? shown(inter) : '', n: cell ? fmt.count(cell.n) : 'left out', tone: tone(cell),
        interactionTone: tone(inter) };
    }),
    main: shown(find(t.main, a, null)),
    mainTone: tone(find(t.main, a, null)),
  }));
  const mainRow = B.map((b) => ({ main: shown(find(t.main, null, b)), tone: tone(find(t.main, null, b)) }));
  return {
    title: `${axis(t.attributes[0])} \u00d7 ${axis(t.attributes[1])}: ${words.title}`,
    sentences: sentences(t, words),
    columns: B,
    rows,
    mainRow,
    tetrads: t.tetrads.map((e) => ({
      a: `${e.a[0]} vs ${e.a[1]}`, b: `${e.b[0]} vs ${e.b[1]}`, estimate: shown(e), p: e.p_holm === null ? '\u2013' : fmt.pValue(e.p_holm),
      tone: tone(e),
    })),
    notes: t.left_out,
  };
}

/**
 * The interactions in plain words: each marked one (the sentence of its finding, util/intersection-words.ts), or that
 * none is (with the smallest size the run could see).
 */
function sentences(t: Table, w: { noun: string; verb: string }): string[] {
  const [x, y] = t.attributes.map(axis);
  const out: string[] = [];
  const family = t.complete ? 'interaction' : 'tetrad';
  const worded = t as WordedTable;
  // With two levels, an axis's two rows (or columns) of interactions are ± the same: said once, for its first level.
  const once = (e: Effect) => (t.levels[0].length !== 2 || e.a === t.levels[0][0]) && (t.levels[1].length !== 2 || e.b === t.levels[1][0]);
  // In points, as the sentence's own size and the findings' intervals are.
  const tail = (e: Effect | Tetrad) => ` (simultaneous 95% CI ${pointsInterval(e.ci)}; Holm p ${fmt.pValue(e.p_holm!)}).`;
  for (const e of t.interactions.filter((i) => intersectionMark(i) !== null && once(i))) {
    out.push(`${effectWords(worded, { a: e.a, b: e.b, estimate: e.estimate! })}${tail(e)}`);
  }
  for (const e of t.tetrads.filter((i) => intersectionMark(i) !== null)) {
    out.push(`${effectWords(worded, { ...e, estimate: e.estimate! })}${tail(e)}`);
  }
  if (!out.length) {
    const any = t.complete ? t.interactions.length : t.tetrads.length;
    out.push(any
      ? `No ${family} of ${x} and ${y} in the ${w.noun} is told apart from 0 by its simultaneous interval` +
        `${t.mde_interaction === null ? '' : ` (sizes of about ${points(t.mde_interaction)} would be found with 80% power)`}.`
      : `No ${family} of ${x} and ${y} in the ${w.noun} can be estimated (see below).`);
  }
  return out;
}
