// The size budgets of issue 7: `npm test` fails when a change makes a page download more than
// its ceiling (scripts/bundle-sizes.mjs), checked on the output of `npm run build`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUDGETS, measureBundles } from '../../scripts/bundle-sizes.mjs';

const sizes = await measureBundles();
const kib = bytes => `${(bytes / 1024).toFixed(1)} KiB`;

describe('size budgets (gzip -9 of what a page loads)', () => {
  for (const [name, budget] of Object.entries(BUDGETS)) {
    it(`${name}: within its ceiling of ${budget.ceiling.toLocaleString('en-US')} B`, t => {
      const { gzip } = sizes[name];
      const goal = budget.goal ? `; goal ${kib(budget.goal)} (${gzip <= budget.goal ? 'met' : `${kib(gzip - budget.goal)} over`})` : '';
      t.diagnostic(`${name}: ${gzip.toLocaleString('en-US')} B gzip (${kib(gzip)})${goal}`);
      assert.ok(
        gzip <= budget.ceiling,
        `${sizes[name].files.join(', ')} is ${gzip} B gzip, over its ceiling of ${budget.ceiling} B. ` +
          'Make it smaller, or raise the ceiling in scripts/bundle-sizes.mjs if the growth is worth it (and say why in the commit).',
      );
    });
  }
});
