// `npm test`: type-check, build, the Node suite (package, schemas, and the collector on PGlite and
// on a throwaway PostgreSQL server) and the browser suite in Chromium and Firefox; ends with one
// line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTempPostgres } from './pg-temp.mjs';

const BROWSERS = {
  chromium: { path: process.env.CHROME_PATH ?? '/usr/bin/chromium', apt: 'chromium' },
  firefox: { path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', apt: 'firefox-esr' },
};
const tally = { passed: 0, failed: 0, skipped: 0 };

function run(command, args, { env = {}, capture = false } = {}) {
  const stdio = ['ignore', capture ? 'pipe' : 'inherit', 'inherit'];
  const result = spawnSync(command, args, { stdio, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (capture) process.stdout.write(result.stdout ?? '');
  return result;
}

function ensureBrowsers() {
  const missing = Object.values(BROWSERS).filter(b => !existsSync(b.path));
  if (missing.length === 0) return;
  const packages = missing.map(b => b.apt);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`Missing browsers: ${missing.map(b => b.path).join(', ')}.\nInstall them with: sudo apt-get install -y ${packages.join(' ')}\n(or point CHROME_PATH / FIREFOX_PATH at them)`);
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (install.status !== 0) {
    console.error(`apt-get could not install ${packages.join(' ')}`);
    process.exit(1);
  }
}

/** A failed step counts once, unless its own failing tests were already counted. */
function step(name, ok, failuresCounted = 0) {
  if (ok) return;
  console.error(`\n${name} failed`);
  if (failuresCounted === 0) tally.failed++;
}

ensureBrowsers();

console.log('\n== type-check (npm run typecheck: the library, its tests and the benchmarks)');
step('type-check', run('npm', ['run', '--silent', 'typecheck']).status === 0);

console.log('\n== build (npm run build)');
const built = run('npm', ['run', '--silent', 'build']).status === 0;
step('build', built);

/** A PostgreSQL server for the collector suite: TEST_DATABASE_URL if given, else a throwaway one. */
async function postgres() {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: async () => {} };
  try {
    return await startTempPostgres({ log: message => console.log(`  ${message}`) });
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(`\nThe collector suite runs on PGlite only: ${error.message}`);
    tally.skipped++;
    return undefined;
  }
}

console.log('\n== Node suite (test/node, and test/collector on PGlite and PostgreSQL)');
const server = await postgres();
const testsIn = (dir, ext) => readdirSync(dir).filter(f => f.endsWith(ext)).map(f => join(dir, f));
const nodeTests = [...testsIn('test/node', '.test.mjs'), ...testsIn('test/collector', '.test.ts')];
const node = run('node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...nodeTests], {
  capture: true,
  env: server ? { TEST_DATABASE_URL: server.url } : {},
});

const count = label => Number(node.stdout.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
const nodeFailed = count('fail') + count('cancelled');
tally.passed += count('pass');
tally.failed += nodeFailed;
tally.skipped += count('skipped') + count('todo');
step('Node suite', node.status === 0, nodeFailed);

console.log('\n== browser suite (web-test-runner: Chromium, Firefox)');
const tallyFile = join(mkdtempSync(join(tmpdir(), 'feedback-loop-')), 'tally.json');
// The browsers' collector uses the same server: it starts in half a second, where PGlite's first
// start takes seconds of CPU that the browser tests running beside it would miss.
const wtr = run('npx', ['web-test-runner', '--config', 'test/web-test-runner.config.mjs'], {
  env: { TALLY_FILE: tallyFile, ...(server ? { E2E_DATABASE_URL: server.url } : {}) },
});
await server?.stop();
const browser = existsSync(tallyFile) ? JSON.parse(readFileSync(tallyFile, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
for (const key of Object.keys(tally)) tally[key] += browser[key];
step('browser suite', wtr.status === 0, browser.failed);

console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 ? 1 : 0);
