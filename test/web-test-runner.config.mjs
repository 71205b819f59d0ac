// web-test-runner: TypeScript through esbuild, Debian's Chromium and Firefox ESR (never a
// downloaded browser), a small fake endpoint for the tests, and a machine-readable tally.
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { cloneSafeResults } from './helpers/clone-safe-results.mjs';
import { collectorEndpoint } from './helpers/collector-endpoint.mjs';
import { ledgerEndpoint } from './helpers/ledger-endpoint.mjs';
import { reportEndpoint } from './helpers/report-endpoint.mjs';
import { testEndpoint } from './helpers/test-endpoint.mjs';

// BROWSERS=chromium,firefox (default) | chromium | firefox
const wanted = (process.env.BROWSERS ?? 'chromium,firefox').split(',').map(s => s.trim());

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // the machine has no network: no background fetches
  '--disable-component-update',
  '--disable-sync',
  // Test pages run side by side; background pages must still get frames and timers.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  // puppeteer-core drives Firefox ESR over WebDriver BiDi
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: {
        browser: 'firefox',
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        headless: true,
        // Test pages run side by side; Firefox would slow timers in the background page to 1 s.
        extraPrefsFirefox: {
          'dom.min_background_timeout_value': 4,
          'dom.min_background_timeout_value_without_budget_throttling': 4,
          'dom.timeout.enable_budget_timer_throttling': false,
        },
      },
    }),
};

/**
 * Command `emulate-media-features` ({features:[{name,value}]}): CDP media emulation, which can also
 * emulate forced-colors. Resolves false where the browser has no CDP (Firefox over BiDi).
 */
function mediaFeaturesPlugin() {
  return {
    name: 'emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-media-features') return undefined;
      const page = session.browser.getPage?.(session.id);
      try {
        const cdp = await page.createCDPSession();
        await cdp.send('Emulation.setEmulatedMedia', { features: payload.features });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Command `accessible-name` (or `accessible-description`): the name (or description) Chromium's
 * accessibility tree gives `window.axTarget` (what a
 * screen reader reads for it, after the browser's own whitespace rules). Resolves false where the
 * browser has no CDP (Firefox over BiDi).
 */
function accessibleNamePlugin() {
  return {
    name: 'accessible-name',
    async executeCommand({ command, session }) {
      if (command !== 'accessible-name' && command !== 'accessible-description') return undefined;
      const page = session.browser.getPage?.(session.id);
      try {
        const cdp = await page.createCDPSession();
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.axTarget' });
        const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
        await cdp.detach();
        return (command === 'accessible-name' ? nodes[0]?.name?.value : nodes[0]?.description?.value) ?? '';
      } catch {
        return false; // not null: the runner would take that for "no plugin handles this command"
      }
    },
  };
}

/**
 * Command `storage-quota` ({bytes?}): gives the test page's origin a storage quota of `bytes`, so
 * a test can fill the disk for real; without `bytes`, the browser's own quota again. Chromium
 * applies a new quota only to storage it has not used yet, so the origin's IndexedDB is cleared
 * first (one test file runs at a time). Resolves false where the browser has no CDP (Firefox).
 */
function storageQuotaPlugin() {
  // The quota lasts as long as the DevTools session that set it: kept open until the reset.
  const sessions = new Map();
  return {
    name: 'storage-quota',
    async executeCommand({ command, payload, session }) {
      if (command !== 'storage-quota') return undefined;
      const page = session.browser.getPage?.(session.id);
      try {
        const origin = new URL(page.url()).origin;
        if (payload?.bytes === undefined) {
          const cdp = sessions.get(session.id);
          sessions.delete(session.id);
          await cdp?.send('Storage.overrideQuotaForOrigin', { origin });
          await cdp?.detach();
          return true;
        }
        const cdp = sessions.get(session.id) ?? (await page.createCDPSession());
        sessions.set(session.id, cdp);
        await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
        await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: payload.bytes });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Writes {passed, failed, skipped} to $TALLY_FILE for scripts/test.mjs; a file that fails to load counts as a failure. */
function tallyReporter() {
  return {
    stop({ sessions }) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const walk = suite => {
        for (const t of suite.tests) {
          if (t.skipped) count.skipped++;
          else if (t.passed) count.passed++;
          else count.failed++;
        }
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (!session.passed && session.errors.length > 0) count.failed++;
      }
      if (process.env.TALLY_FILE) writeFileSync(process.env.TALLY_FILE, JSON.stringify(count));
    },
  };
}

export default {
  rootDir: '.',
  files: ['test/**/*.test.ts', '!test/node/**', '!test/collector/**'],
  nodeResolve: true,
  // One page per browser at a time: with two per browser, four pages shared two cores in CI and
  // timing-bound tests (lease run-out, 25 driven key presses) missed their bounds now and then.
  concurrency: 1,
  // /api/test/* (test-endpoint.mjs), the scripted collector /api/ledger/KEY (ledger-endpoint.mjs)
  // the real reference collector /e2e-collector/KEY/api/* (collector-endpoint.mjs) and the scripted
  // report API /api/report-test/KEY/api/* (report-endpoint.mjs)
  middleware: [collectorEndpoint, testEndpoint, ledgerEndpoint, reportEndpoint],
  // tsconfig carries experimentalDecorators/useDefineForClassFields to esbuild; es2022 lowers decorators
  // cloneSafeResults: a failed assertion about an element is reported instead of hanging its file.
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), mediaFeaturesPlugin(), accessibleNamePlugin(), storageQuotaPlugin(), cloneSafeResults()],
  browsers: wanted.map(name => {
    if (!launchers[name]) throw new Error(`unknown browser '${name}' in BROWSERS`);
    return launchers[name]();
  }),
  // The first axe run on a loaded 2-core machine can exceed mocha's 2 s default, and a test's
  // network waits (10 s each at most) must be able to end before the test's own limit does.
  testFramework: { config: { timeout: 20_000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  reporters: [defaultReporter(), tallyReporter()],
};
