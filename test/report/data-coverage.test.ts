/**
 * The data report's first sentence counts what the built-in lexicons found and names the --group-columns subgroups
 * apart: a run grouped by a column alone used to read "0 mention an identity group".
 */
import { dataSentences } from '../../src/report/data-section.js';
import type { DataBlock } from '../../src/result/index.js';

const estimate = (value: number) => ({ value, ci: [value - 0.05, value + 0.05] as [number, number] });

function block(perAxis: Record<string, number>, noMention: number, columns: { subgroup: string; n: number }[]): DataBlock {
  const overall = { auc: estimate(0.8), accuracy: estimate(0.7), f1: estimate(0.7) };
  const subgroups = columns.map((c) => ({ ...c, source: 'column', bpsn_auc: { value: null, ci: [null, null] },
    fpr_gap: { value: null, ci: [null, null] } }));
  return { rows: 100, threshold: 0.5, coverage: { per_axis: perAxis, no_mention: noMention },
    groups: { overall, final_score: estimate(0.75), subgroups } } as unknown as DataBlock;
}

describe('the data report\u2019s coverage sentence', () => {
  it('says no built-in term was found and names the column subgroups, instead of "0 mention an identity group"', () => {
    expect(dataSentences(block({ gender: 0 }, 100, [{ subgroup: 'dialect_aae', n: 40 }]))[0]).toBe(
      'Of 100 texts, none mention a term of the built-in identity lexicons; the subgroups of your --group-columns: dialect aae (40).');
  });

  it('counts mentions per axis when the lexicons find some, with no column', () => {
    expect(dataSentences(block({ gender: 30, religion: 5 }, 68, []))[0]).toBe(
      'Of 100 texts, 32 mention a term of the built-in identity lexicons: gender (30), religion (5).');
  });
});
