/**
 * The first key that one object of `text` holds twice, or undefined. `text` is JSON that
 * `JSON.parse` took: it keeps the last of two equal keys without a word, so
 * `{"consent":false,"consent":true}` would read as consent given. Strings are skipped whole;
 * each key is decoded, so `"a"` and `"\u0061"` are the same key.
 */
export function duplicateKey(text: string): string | undefined {
  // Per open bracket: the keys seen in that object, or undefined for an array.
  const open: Array<Set<string> | undefined> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (keyNext) {
        // Decoding only keys with an escape: a megabyte of plain keys is read in a few milliseconds.
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const keys = open.at(-1)!;
        if (keys.has(key)) return key;
        keys.add(key);
        keyNext = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      open.push(c === '{' ? new Set() : undefined);
      keyNext = c === '{';
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      keyNext = open.at(-1) !== undefined;
    }
  }
  return undefined;
}
