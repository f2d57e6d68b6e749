import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

/** README's "How to read the report" shows the first screen of each kind of report (issue 25), as small PNGs. */
describe('the README pictures', () => {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### How to read the report'), readme.indexOf('\n## ', readme.indexOf('### How to read')));

  it.each(['probe', 'suite', 'data', 'diff'])('shows a %s report: a PNG of the first screen at 1,400 px, under 400 KB', (kind) => {
    const file = `docs/report-${kind}.png`;
    expect(section).toContain(`](${file})`);
    const path = join(PACKAGE_ROOT, file);
    expect(existsSync(path)).toBe(true);
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height are the big-endian 32-bit numbers at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1400, 900]);
    expect(statSync(path).size).toBeLessThan(400_000);
  });
});
