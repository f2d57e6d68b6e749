/**
 * A response body read with a byte limit: a Content-Length above it is refused before reading, and a body that
 * streams past it is cancelled at the limit, so a hostile or broken server cannot fill the memory.
 */
import { bytes } from '../../config/limits.js';

export class BodyTooLargeError extends Error {}

export async function readBodyText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(`the response body is ${bytes(declared)} (Content-Length), above the limit of ${bytes(maxBytes)}`);
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`the response body is over the limit of ${bytes(maxBytes)}`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}
