import { findingsOf } from '../../src/review/findings.js';
import { intersectionFindings } from '../../src/review/findings-intersection.js';
import { parsePolicy } from '../../src/review/policy.js';
import { cellPeople, cellSubject } from '../../src/util/intersection-words.js';
import { intersectionTable, namesTable } from '../helpers/intersection-table.js';
import { makeRun } from './helpers/synthetic.js';

const policy = (interaction: number) => parsePolicy(
  `version: 2\nrules:\n  "*":\n    max_abs_effect: {max: 0.5}\n    max_abs_interaction: {max: ${interaction}}\n`, 'p.yaml');

describe('intersectional findings', () => {
  it('name the cell in plain words, the size beyond the main effects, the interval and its family', () => {
    const found = intersectionFindings(namesTable(), 0.01);
    expect(found[0]).toMatchObject({ severity: 'major', subject: 'black \u00d7 female', value: -0.04 });
    expect(found[0].sentence).toBe('Names of Black women score 4 points lower than the race/ethnicity and gender effects alone predict '
      + '(95% CI \u22127 to \u22122 points, simultaneous over the 10 interactions).');
    expect(found[1].sentence).toMatch(/^Names of Black men score 4 points higher than/);
  });

  it('are major when the interval\u2019s bound nearest 0 is beyond the margin, medium when only the estimate is', () => {
    // Black: -0.04 and +0.04 with intervals reaching to 0.015 from 0; White: +-0.02, intervals containing 0.
    const at = (margin: number) => intersectionFindings(namesTable(), margin).map((f) => `${f.subject} ${f.severity}`);
    expect(at(0.01)).toEqual(['black \u00d7 female major', 'black \u00d7 male major', 'white \u00d7 female medium',
      'white \u00d7 male medium']);
    expect(at(0.02)).toEqual(['black \u00d7 female medium', 'black \u00d7 male medium']);
    expect(at(0.05)).toEqual([]);
  });

  it('rank with the group findings of the run, against the max_abs_interaction margin of the policy', () => {
    const run = makeRun({ probe: 'names_intersectional', attribute: 'name' });
    run.stats.intersection = namesTable();
    const { findings } = findingsOf(run, policy(0.01));
    expect(findings.map((f) => f.subject).slice(0, 2)).toEqual(['black \u00d7 female', 'black \u00d7 male']);
    expect(findingsOf(run, policy(0.05)).findings.filter((f) => f.subject.includes('\u00d7'))).toEqual([]);
  });

  it('read tetrads when a cell is empty: the gap of one attribute that differs between two levels of the other', () => {
    const table = intersectionTable({
      attributes: ['country', 'person.gender'], levels: [['Kenya', 'France', 'Chile'], ['female', 'male']],
      mainA: [0, 0, 0], mainB: [0, 0], interaction: [[-0.05, 0.05], [0.05, -0.05], [0, 0]], empty: [[2, 1]],
    });
    const [finding] = intersectionFindings(table, 0.1);
    expect(finding).toMatchObject({ severity: 'major', subject: 'Kenya/France \u00d7 female/male', value: -0.2 });
    expect(finding.sentence).toBe('The women \u2212 men difference is 20 points smaller for Kenya than for France (95% CI \u221225 to '
      + '\u221215 points, simultaneous over 1 tetrad).');
  });
});

describe('cell words', () => {
  it('say who a cell is about for ethnicity, country and other attributes crossed with gender', () => {
    expect(cellSubject(['name.ethnicity', 'name.gender'], 'latino', 'male')).toBe('names of Latino men');
    expect(cellSubject(['country', 'person.gender'], 'Kenya', 'female')).toBe('sentences about women from Kenya');
    expect(cellPeople(['name.gender', 'name.ethnicity'], 'female', 'arab')).toBe('Arab women');
    expect(cellSubject(['religion', 'age'], 'muslim', 'old')).toBe('sentences of the cell Muslim \u00d7 old');
  });
});
