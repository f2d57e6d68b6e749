import { fitVarianceComponents, varcompSummary, type VarcompFit } from '../../src/stats/varcomp/index.js';
import { simulateVarcomp } from '../../src/stats/varcomp/simulate.js';

/** A fit with chosen numbers, to test the wording alone. */
function fitWith(over: Partial<VarcompFit>): VarcompFit {
  return {
    method: 'REML',
    components: { template: 0.0049, filler: 0.0009, 'template:group': 0.0004, residual: 0.0009 },
    share: { template: 0.6901, filler: 0.1268, 'template:group': 0.0563, residual: 0.1268 },
    not_identifiable: [],
    clamped: [],
    group_means: new Map([['a', 0.5], ['b', 0.6]]),
    group_spread: 0.0707,
    n: 100,
    converged: true,
    iterations: 5,
    ...over,
  };
}

describe('varcompSummary', () => {
  it('says what share of the variation each source explains, with its SD, and how far the group means spread', () => {
    expect(varcompSummary(fitWith({}))).toEqual([
      'Templates (the sentence around the filler) explain 69% of the variation in scores (SD 0.070).',
      'Fillers within a group (e.g. the different names of one group) explain 13% of the variation in scores (SD 0.030).',
      'Group x template (groups reacting differently to the same template) explains 6% of the variation in scores (SD 0.020).',
      'The rest, 13% (SD 0.030), is residual: variation none of these explains.',
      'The group means themselves spread with an SD of 0.071 (not part of the percentages above).',
    ]);
  });

  it('says "<1%" rather than 0% for a small but positive share', () => {
    const lines = varcompSummary(fitWith({ share: { template: 0.8, filler: 0.003, 'template:group': 0.05, residual: 0.147 } }));
    expect(lines[1]).toMatch(/ explain <1% of the variation/);
  });

  it('on a countries-shaped run says that filler and group cannot be told apart, and that the residual includes group x template', () => {
    const fit = fitVarianceComponents(simulateVarcomp({
      templates: 16, fillersPerGroup: Array(20).fill(1), sd: { template: 0.07, filler: 0.03, tg: 0.02, residual: 0.03 }, seed: 9,
    }));
    const lines = varcompSummary(fit);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^Templates \(the sentence around the filler\) explain \d+% of the variation in scores \(SD 0\.\d+\)\.$/);
    expect(lines[1]).toMatch(/^The rest, \d+% \(SD 0\.\d+\), is residual: variation none of these explains, including any group x template interaction\.$/);
    expect(lines.slice(3)).toEqual([
      'Group x template and residual cannot be told apart here: one sentence per template and group (the residual includes it).',
      'Filler and group cannot be told apart here: one filler per group.',
    ]);
  });

  it('says which estimates were held at 0 and when the fit did not converge', () => {
    const lines = varcompSummary(
      fitWith({
        components: { template: 0.0049, filler: 0, 'template:group': 0.0004, residual: 0.0009 },
        share: { template: 0.79, filler: 0, 'template:group': 0.065, residual: 0.145 },
        clamped: ['filler'],
        converged: false,
      }),
    );
    expect(lines[1]).toBe('Fillers within a group (e.g. the different names of one group) explain 0% of the variation in scores (SD 0).');
    expect(lines.slice(5)).toEqual([
      'Fillers: estimated at 0, since they vary no more than the noise alone would make them (the estimate is held at 0, not negative).',
      'The fit did not fully converge: treat these shares as approximate.',
    ]);
  });
});
