import { AuditError } from '../../src/errors.js';
import type { ResultRecord } from '../../src/result/index.js';
import { fitVarianceComponents, varcompFromRecords } from '../../src/stats/varcomp/index.js';

function record(templateId: string, slots: ResultRecord['slots'], score: number, extra: Partial<ResultRecord> = {}): ResultRecord {
  return {
    text: `${templateId} ${Object.values(slots).map((s) => s.value).join(' ')}`,
    template: `{x} ${templateId}`,
    template_id: templateId,
    frame: 'neutral',
    paraphrase_of: null,
    slots,
    control: false,
    group: '',
    filler: '',
    probs: [1 - score, score],
    score,
    label: score > 0.5 ? 'POSITIVE' : 'NEGATIVE',
    ...extra,
  };
}

describe('varcompFromRecords', () => {
  it('maps template id, group and filler text to rows and leaves out the control words', () => {
    const records = [
      record('t1', { name: { value: 'Maria', gender: 'female' } }, 0.61, { group: 'female', filler: 'Maria' }),
      record('t1', { name: { value: 'John', gender: 'male' } }, 0.58, { group: 'male', filler: 'John' }),
      record('t2', { name: { value: 'blick' } }, 0.5, { group: 'blick', filler: 'blick', control: true }),
    ];
    expect(varcompFromRecords(records, 'name.gender')).toEqual([
      { template: 't1', filler: 'Maria', group: 'female', score: 0.61 },
      { template: 't1', filler: 'John', group: 'male', score: 0.58 },
    ]);
  });

  it("falls back to the attribute slot's value for records written without group and filler", () => {
    const old = record('t3', { country: { value: 'Kenya' }, name: { value: 'Ann' } }, 0.4);
    delete (old as Partial<ResultRecord>).group;
    delete (old as Partial<ResultRecord>).filler;
    expect(varcompFromRecords([old], 'country')).toEqual([{ template: 't3', filler: 'Kenya', group: 'Kenya', score: 0.4 }]);
  });

  it('names the records that have neither a group nor the attribute slot', () => {
    const bad = record('t4', { name: { value: 'Ann' } }, 0.4);
    delete (bad as Partial<ResultRecord>).group;
    delete (bad as Partial<ResultRecord>).filler;
    try {
      varcompFromRecords([bad], 'country');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(AuditError);
      expect((e as AuditError).code).toBe('E_VARCOMP_ATTRIBUTE');
      expect((e as AuditError).problems).toEqual(['records[0] ("t4 Ann") has no group and no slot "country"']);
    }
  });

  it('feeds the fit: a countries-like run has no filler component (one filler per group)', () => {
    const records: ResultRecord[] = [];
    const countries = ['Kenya', 'Peru', 'Japan', 'Chad'];
    for (let t = 0; t < 6; t++) {
      countries.forEach((c, g) => records.push(record(`t${t}`, { country: { value: c } }, 0.5 + 0.05 * Math.sin(t * 3 + 1) + 0.01 * g + 0.003 * Math.cos(t * g + 2), { group: c, filler: c })));
    }
    const fit = fitVarianceComponents(varcompFromRecords(records, 'country'));
    expect(fit.components.filler).toBeNull();
    expect([...fit.group_means.keys()]).toEqual(countries);
  });
});
