/**
 * Text from probes and datasets printed to a terminal: control characters (C0 but tab and newline, DEL, C1,
 * which include ESC sequences that move the cursor, retitle the window or hide text) and bidi controls (which
 * reorder what follows) are shown as visible escapes like \x1b or \u202e instead of being obeyed. Output to a file
 * or pipe keeps the data as it is.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
