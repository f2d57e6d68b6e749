/**
 * A stream check for data files too large to read whole (util/read-text.ts does the same for small files): bytes
 * pass through unchanged, in whole lines, and the first line that is not valid UTF-8 stops the stream with its
 * number, instead of becoming U+FFFD downstream. Lines split at the 0x0A byte, which never occurs inside a
 * multi-byte UTF-8 sequence, so each line can be checked on its own with Node's isUtf8 (simdutf).
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** Raised through the stream: line (1-based) is the first invalid one, or the one longer than maxLineBytes. */
export class Utf8StreamError extends Error {
  constructor(readonly line: number, readonly reason: 'encoding' | 'length', message: string) {
    super(message);
  }
}

export class Utf8LineCheck extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private line = 1;
  /** Bytes passed on so far (for progress lines). */
  bytes = 0;

  constructor(private readonly maxLineBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = data.lastIndexOf(0x0a) + 1;
    const complete = data.subarray(0, cut);
    this.pending = Buffer.from(data.subarray(cut));
    if (this.pending.length > this.maxLineBytes) {
      done(new Utf8StreamError(this.line + countNewlines(complete), 'length', `a line longer than ${this.maxLineBytes} bytes`));
      return;
    }
    this.pass(complete, done);
  }

  override _flush(done: TransformCallback): void {
    this.pass(this.pending, done);
  }

  private pass(bytes: Buffer, done: TransformCallback): void {
    if (bytes.length === 0) {
      done();
      return;
    }
    if (!isUtf8(bytes)) {
      done(new Utf8StreamError(this.line + firstInvalidLine(bytes), 'encoding', 'invalid UTF-8 (save the file as UTF-8)'));
      return;
    }
    this.line += countNewlines(bytes);
    this.bytes += bytes.length;
    done(null, bytes);
  }
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** 0-based index of the first line of `b` that is not valid UTF-8 (the caller knows one is). */
function firstInvalidLine(b: Buffer): number {
  let start = 0;
  for (let line = 0; ; line++) {
    const nl = b.indexOf(0x0a, start);
    const end = nl < 0 ? b.length : nl;
    if (!isUtf8(b.subarray(start, end))) return line;
    if (nl < 0) return line;
    start = nl + 1;
  }
}
