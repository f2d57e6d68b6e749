/** Escaping for the files the review stage writes by hand: XML (JUnit) and Markdown (pull-request comments). */
import { escapeXml } from '../report/index.js';

/** Characters XML 1.0 cannot carry at all, even escaped (C0 controls other than tab, newline, return; lone surrogates; U+FFFE/F). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or attribute value for XML: invalid characters become U+FFFD, markup characters entities. */
export function xml(text: string): string {
  return escapeXml(text.replace(NOT_XML, '\uFFFD'));
}

/**
 * Inline Markdown (GitHub flavour), safe inside a table cell: HTML is shown as text, "|" cannot end the cell,
 * emphasis/link/code markers are literal, "@" cannot mention anyone and line breaks cannot end the row. Parentheses
 * stay as they are: with "[" and "]" escaped they cannot form a link, and "\(116\)" is noise to a reader.
 */
export function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]#+!|~]/g, (c) => `\\${c}`)
    // After the backslashes: the entities below bring their own "#" and must stay intact.
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}
