import { join } from 'node:path';
import { readResult } from '../result/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderReport, type RenderOptions } from './render.js';

/** Reads <runDir>/result.json, writes <runDir>/report.html atomically and returns its path. No model is loaded. */
export async function writeReport(runDir: string, options: RenderOptions = {}): Promise<string> {
  const result = readResult(runDir);
  const out = join(runDir, 'report.html');
  writeFileAtomic(out, renderReport(result, options));
  return out;
}

export { readResult } from '../result/index.js';
