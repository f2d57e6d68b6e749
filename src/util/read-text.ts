/**
 * Reading a user's text file safely: a regular file only (a FIFO or /dev/zero is refused, never read or waited on),
 * at most `maxBytes` (checked on the size and again while reading, in case it grows), and strict UTF-8: invalid
 * bytes, UTF-16 and CR-only line endings are refused with the line, never turned into U+FFFD.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { bytes } from '../config/limits.js';

/** A problem with a file: the message names the file; `line` is set when one line is at fault. */
export class TextFileError extends Error {
  constructor(
    readonly label: string,
    /** The problem, without the file name. */
    readonly detail: string,
    readonly line: number | null = null,
    readonly reason: 'missing' | 'unreadable' | 'kind' | 'size' | 'encoding' = 'unreadable',
  ) {
    super(`${label}${line === null ? '' : `:${line}`}: ${detail}`);
  }
}

export interface ReadTextOptions {
  maxBytes: number;
  /** How the size limit can be raised, for the message (e.g. "set AUDIT_MAX_PROBE_BYTES to change it"). */
  limitHint?: string;
}

/** The file's text (a leading UTF-8 BOM removed). Throws TextFileError; `label` is how the message names the file. */
export function readTextFile(path: string, label: string, options: ReadTextOptions): string {
  return decodeText(readBounded(path, label, options), label);
}

export function readBounded(path: string, label: string, { maxBytes, limitHint }: ReadTextOptions): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TextFileError(label, 'file not found', null, 'missing');
    if (code === 'ELOOP') throw new TextFileError(label, 'too many levels of symbolic links (a symlink loop?)');
    throw new TextFileError(label, `cannot be read (${code ?? (e as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new TextFileError(label, `not a regular file (${kindOf(st)}); give the path of a file`, null, 'kind');
    const over = () => new TextFileError(label, `larger than the limit of` +
      ` ${bytes(maxBytes)}${limitHint ? ` (${limitHint})` : ''}`, null, 'size');
    if (st.size > maxBytes) throw over();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw over();
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Strict UTF-8 to text, or a TextFileError naming the line and the encoding problem. */
export function decodeText(buf: Uint8Array, label: string): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new TextFileError(label, 'is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8', 1, 'encoding');
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const line = lineAt(buf, nul);
    const hint = nul < 4 || buf[1] === 0 || buf[0] === 0 ? ' (it looks UTF-16 encoded; save it as UTF-8)' : '';
    throw new TextFileError(label, `contains a NUL byte${hint}`, line, 'encoding');
  }
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch {
    const line = firstInvalidLine(buf);
    throw new TextFileError(label, 'is not valid UTF-8 (save the file as UTF-8)', line, 'encoding');
  }
  const cr = /\r(?!\n)/.exec(text);
  if (cr) {
    const line = text.slice(0, cr.index).split('\n').length;
    const only = !text.includes('\n');
    throw new TextFileError(
      label,
      `${only ? 'uses CR-only line endings (classic Mac OS)' : 'has a carriage return (CR) not followed by a line feed'}; save the file ` +
      `with LF or CRLF line endings`,
      line,
      'encoding',
    );
  }
  return text;
}

function lineAt(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** The 1-based line holding the first invalid UTF-8 sequence (lines end with LF, which never occurs inside one). */
function firstInvalidLine(buf: Uint8Array): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = buf.indexOf(0x0a, start);
    const slice = buf.subarray(start, end < 0 ? buf.length : end);
    try {
      UTF8.decode(slice);
    } catch {
      return line;
    }
    if (end < 0) return line;
    start = end + 1;
  }
}
