import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResult } from '../result/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderReport, type RenderOptions } from './render.js';

/**
 * Reads <runDir>/result.json (and check.json, the verdict, when there is one), writes <runDir>/report.html
 * atomically and returns its path. No model is loaded.
 */
export async function writeReport(runDir: string, options: RenderOptions = {}): Promise<string> {
  const result = readResult(runDir);
  const out = join(runDir, 'report.html');
  writeFileAtomic(out, renderReport(result, { check: readCheck(runDir), ...options }));
  return out;
}

/** check.json as parsed JSON, or undefined when absent or unreadable (the report then says no policy was applied). */
function readCheck(runDir: string): unknown {
  const file = join(runDir, 'check.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export { readResult } from '../result/index.js';
