import { duplicateKey } from './duplicate-key.js';

/** A request body as JSON, or why it is a 400. */
export type JsonBody = { ok: true; json: unknown } | { ok: false; error: string };

/**
 * Reads a request body (or a file: `what`) as UTF-8 JSON, a leading byte order mark skipped. A key
 * twice in one object is refused: `JSON.parse` would keep the last one without a word, so
 * `{"handled":false,"handled":true}` would read as handled.
 */
export function readJson(body: Uint8Array, what = 'The body'): JsonBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return { ok: false, error: `${what} is not valid UTF-8.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${what} is not JSON: ${(error as Error).message}` };
  }
  const twice = duplicateKey(text);
  if (twice !== undefined) {
    return { ok: false, error: `The key ${JSON.stringify(twice.slice(0, 64))} appears twice in one object: which one is meant is unclear. Give each key once.` };
  }
  return { ok: true, json };
}
