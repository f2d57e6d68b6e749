/** The files of an audit directory with their sha256, in a fixed order (what the review and the record hash). */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inputError } from '../errors.js';
import { sha256File } from './hash.js';

export interface HashedFile {
  path: string;
  sha256: string;
}

/** Every regular file under `root` (POSIX-style relative paths, sorted), minus `except`; a link or device is refused. */
export function hashFiles(root: string, except: readonly string[] = [], under = root): HashedFile[] {
  const out: HashedFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path).split(sep).join('/');
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        if (!except.includes(rel)) out.push({ path: rel, sha256: sha256File(path) });
      } else {
        throw inputError('E_VERIFY_FAILED', `${path}: not a regular file or directory (an audit directory holds files only)`);
      }
    }
  };
  walk(under);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
