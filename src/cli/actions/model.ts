import cliProgress from 'cli-progress';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_MODEL_DIR, cacheDir } from '../../config/paths.js';
import { pullModel, type PullEvent } from '../../hub/index.js';
import { modelFingerprint } from '../../model/index.js';
import type { PullArgs } from '../commands/model.js';
import { info } from '../progress.js';

function pullProgress(quiet: boolean): (e: PullEvent) => void {
  const tty = !quiet && !process.env.CI && process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  return (e) => {
    if (e.status === 'file' && tty && e.total) {
      bar?.stop();
      bar = new cliProgress.SingleBar({ format: `${e.file} {bar} {percentage}% | {value}/{total} bytes | ETA {eta_formatted}`,
        stream: process.stderr }, cliProgress.Presets.shades_classic);
      bar.start(e.total, e.resumedFrom);
    } else if (e.status === 'progress') bar?.update(e.loaded);
    else if (e.status === 'verified') { bar?.stop(); bar = null; info(quiet, `verified ${e.file} sha256 ${e.sha256.slice(0, 16)}…`); }
    else if (e.status === 'skipped') info(quiet, `skipped ${e.file}: ${e.reason}`);
  };
}

export async function pull(args: PullArgs): Promise<void> {
  const dir = await pullModel(args.id, { revision: args.revision, cacheDir: args.cache, onProgress: pullProgress(args.quiet) });
  process.stdout.write(`${dir}\n`);
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    total += e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  }
  return total;
}

export async function list(args: { cache?: string }): Promise<void> {
  const root = join(cacheDir(args.cache), 'models');
  const dirs = existsSync(root) ? readdirSync(root).filter((d) => !d.endsWith('.partial')).map((d) => ({ id: d.replace('--', '/'),
    dir: join(root, d) })) : [];
  const rows = [{ id: 'demo (embedded)', dir: DEMO_MODEL_DIR }, ...dirs];
  for (const r of rows) {
    const fp = await modelFingerprint(r.dir);
    process.stdout.write(`${r.id.padEnd(60)} ${(dirSize(r.dir) / 1e6).toFixed(1).padStart(8)} MB  ${fp.slice(0, 16)}  ${r.dir}\n`);
  }
}
