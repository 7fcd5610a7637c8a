/**
 * Text input of the `isthmus` CLI: annotated hex (the golden-vector format) and a stream of JSON
 * documents. Both throw CliInputError with a message fit for a terminal.
 */

/** Input the user must fix; the CLI reports it and exits with status 1. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/**
 * Pure. Bytes from hex text: whitespace anywhere, `#` starts a comment to the end of the line
 * (the format of test/golden/ofp13/*.hex), so `04 00 00 08 00 00 00 01  # hello` and `0400000800000001`
 * are the same input.
 */
export function parseHexText(text: string): Buffer {
  const digits = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new CliInputError(`not a hex digit: '${bad[0]}'`);
  if (digits.length % 2 !== 0) throw new CliInputError(`odd number of hex digits (${digits.length})`);
  return Buffer.from(digits, 'hex');
}

/**
 * Pure. The index just past the JSON value that starts at `start`: brackets are matched outside
 * strings; a scalar runs to its closing quote or to the next whitespace or bracket. Unterminated
 * input runs to the end, where JSON.parse reports it.
 */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (depth === 0 && i > start && /\s/.test(c)) return i;
  }
  return text.length;
}

/**
 * Pure. Parses a stream of concatenated JSON documents (`{…}{…}`, one per line, or a single one).
 * Throws CliInputError naming the document and its character offset on a syntax error.
 */
export function parseJsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) return docs;
    const end = valueEnd(text, i);
    try {
      docs.push(JSON.parse(text.slice(i, end)) as unknown);
    } catch (e) {
      throw new CliInputError(`JSON document ${docs.length + 1} (at character ${i}): ${(e as Error).message}`);
    }
    i = end;
  }
}
