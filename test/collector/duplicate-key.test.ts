import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicateKey } from '../../src/collector/duplicate-key.js';

describe('duplicateKey', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{"consent":false,"consent":true}', 'consent'],
    ['{"records":[{"answers":{"nps":9,"nps":10}}]}', 'nps'],
    ['{"a":1,"\\u0061":2}', 'a'], // the same key once decoded
    ['{"records":[{"id":"x"},{"id":"y"}]}', undefined], // one key per object
    ['{"a":{"b":1},"b":2}', undefined], // the same key in two objects
    ['{"a":"\\"a\\":1","b":"{\\"b\\":2,\\"b\\":3}"}', undefined], // look-alikes inside strings
    ['{"a":[],"b":{},"c":[{}],"d":"}"}', undefined],
    [' { "x" : 1 , "y" : [ 1 , { "x" : 2 } ] , "x" : 3 } ', 'x'],
    ['[{"a":1},{"a":2,"a":3}]', 'a'],
    ['"{\\"a\\":1,\\"a\\":2}"', undefined], // a string, not an object
    ['{"\\\\":1,"\\\\\\"":2}', undefined], // a backslash key and a backslash-quote key
  ];
  for (const [text, expected] of cases) {
    it(`${text.trim()} → ${expected ?? 'none'}`, () => {
      JSON.parse(text); // every case is JSON the collector would parse
      assert.equal(duplicateKey(text), expected);
    });
  }
});
