/** Problem messages say what is wrong, not something confusing. */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelConfig } from '../../src/model/factory.js';
import { validateText } from '../expand/helpers.js';

const probe = (slot: string) => `id: t\nattribute: country\ntemplates: ["Made in {country}."]\nslots:\n  country: ${slot}\n`;

describe('messages', () => {
  it('a field that does not go with the others is not called unknown with itself as the suggestion', () => {
    const { problems } = validateText(probe('{ values: [France], where: {a: b} }'));
    expect(problems).toEqual(['probe.yaml:5: slots.country.where: "where" does not go with the other fields here (a slot is either {lexicon, where?} or {values})']);
  });

  it('a bad entry in values is reported once, without "has no entries"', () => {
    const { problems } = validateText(probe('{ values: [{name: France, region: {x: 1}}] }'));
    expect(problems).toEqual(['probe.yaml:5: slots.country.values.0: attribute "region" of "France" must be a string, number, boolean or null']);
  });

  it('an empty values list is still refused, once', () => {
    expect(validateText(probe('{ values: [] }')).problems).toEqual(['probe.yaml:5: slots.country.values: must not be empty']);
  });

  it('a symlink loop as the model directory says so, not "no such model directory"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-loop-'));
    try {
      symlinkSync(join(dir, 'b'), join(dir, 'a'));
      symlinkSync(join(dir, 'a'), join(dir, 'b'));
      expect(() => readModelConfig(join(dir, 'a'))).toThrow(`${join(dir, 'a')}: too many levels of symbolic links (a symlink loop?)`);
      expect(() => readModelConfig(join(dir, 'missing'))).toThrow('no such model directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
