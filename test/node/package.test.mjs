// What an integrator installs: the package's entry points, types, manifest and CDN bundle,
// checked on the output of `npm run build`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { emailSurvey } from '../helpers/email-survey.mjs';

const root = new URL('../../', import.meta.url);
const read = path => readFileSync(new URL(path, root), 'utf8');
const readJson = path => JSON.parse(read(path));
const exists = path => existsSync(new URL(path, root));

const pkg = readJson('package.json');

/** Every file path an `exports` entry points at, conditions included. */
function targets(entry) {
  return typeof entry === 'string' ? [entry] : Object.values(entry).flatMap(targets);
}

/** Module specifiers of static imports, re-exports and dynamic imports, minified or not. */
function importedSpecifiers(code) {
  const patterns = [
    /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g,
    /\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  return patterns.flatMap(pattern => [...code.matchAll(pattern)].map(match => match[1]));
}

/** Minifiers write strings in any quotes: `customElements.define(`feedback-loop`, …)`. */
const DEFINES = /customElements\.define\(\s*["'`]feedback-loop["'`]/;
const GUARD = /customElements\.get\(\s*["'`]feedback-loop["'`]\s*\)/;

/** Like assert.match, without printing a whole bundle when it fails. */
function assertHas(code, pattern, message) {
  assert.ok(pattern.test(code), message);
}

const isBare = specifier => !/^(\.{0,2}\/|https?:)/.test(specifier);

describe('package.json exports', () => {
  const entries = Object.entries(pkg.exports);

  it('offers the entry, the define script, kiosk mode, the Arabic locale, schemas, CDN bundles and manifest', () => {
    assert.deepEqual(
      entries.map(([key]) => key).sort(),
      [
        '.',
        './cdn/feedback-loop-kiosk.js',
        './cdn/feedback-loop-migrate.js',
        './cdn/feedback-loop.js',
        './collector',
        './custom-elements.json',
        './define.js',
        './email',
        './feedback-ack.schema.json',
        './feedback-record.schema.json',
        './feedback-report.schema.json',
        './feedback-survey.schema.json',
        './kiosk.js',
        './locales/ar.js',
        './migrate',
        './package.json',
        './report',
      ],
    );
  });

  for (const [key, entry] of entries) {
    it(`"${key}" points at files that exist`, () => {
      for (const target of targets(entry)) assert.ok(exists(target), `${target} is missing`);
    });
  }

  it('gives every JavaScript entry its type declarations', () => {
    for (const key of ['.', './define.js', './locales/ar.js', './collector', './email', './report', './migrate']) {
      assert.match(pkg.exports[key].types, /^\.\/dist\/types\/.+\.d\.ts$/, key);
    }
    assert.equal(pkg.types, pkg.exports['.'].types);
  });

  it('ships only dist and the manifest', () => {
    assert.deepEqual(pkg.files, ['dist', 'custom-elements.json']);
    assert.equal(pkg.customElements, 'custom-elements.json');
  });
});

describe('dist/collector (feedback-loop/collector)', () => {
  it('exports the handler, the stores and the Node adapter', async () => {
    const collector = await import(new URL(pkg.exports['./collector'].default, root).href);
    for (const name of ['createHandler', 'openPgliteStore', 'openPostgresStore', 'openCollector', 'startCollector', 'readConfig', 'loadSurveys']) {
      assert.equal(typeof collector[name], 'function', name);
    }
  });

  it('leaves its server packages to be installed, and loads a database driver only when used', () => {
    const code = readdirSync(new URL('dist/collector/', root)).map(file => read(`dist/collector/${file}`)).join('\n');
    const bare = new Set(importedSpecifiers(code).filter(isBare));
    assert.deepEqual([...bare].filter(s => !s.startsWith('node:')).sort(), [
      '@electric-sql/pglite', '@hono/node-server', 'exceljs', 'hono', 'hono/bearer-auth', 'hono/body-limit', 'hono/cors', 'hono/http-exception', 'pg', 'zod/mini',
    ]);
    assert.match(code, /await import\("@electric-sql\/pglite"\)/);
    assert.match(code, /await import\("pg"\)/);
    // Only the Excel export needs it: a collector without exceljs answers 501 there and runs.
    assert.match(code, /await import\("exceljs"\)/);
    for (const name of ['hono', '@hono/node-server', '@electric-sql/pglite', 'pg', 'exceljs']) {
      assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, `${name} is an optional peer`);
    }
  });

  it('installs the feedback-collector command', () => {
    assert.equal(pkg.bin['feedback-collector'], './dist/collector/cli.js');
    assert.match(read('dist/collector/cli.js'), /^#!\/usr\/bin\/env node\n/);
  });

  it('stays out of the browser builds', () => {
    for (const file of ['dist/index.js', 'dist/cdn/feedback-loop.js']) {
      assert.doesNotMatch(read(file), /hono|pglite|jsonb_to_recordset/, file);
    }
  });
});

describe('dist/index.js and dist/define.js', () => {
  it('index.js exports FeedbackLoop without defining the element', () => {
    const code = read('dist/index.js');
    assertHas(code, /\bexport\s*\{[^}]*\bFeedbackLoop\b/, 'index.js does not export FeedbackLoop');
    assert.ok(!/customElements\.define/.test(code), 'index.js defines an element');
  });

  it('define.js defines <feedback-loop>, guarded against a second copy', () => {
    const code = read('dist/define.js');
    assertHas(code, DEFINES, 'define.js does not define <feedback-loop>');
    assertHas(code, GUARD, 'define.js does not check for an earlier definition');
  });

  it('no other npm module defines the element, and only the report entry defines <feedback-report>', () => {
    const modules = readdirSync(new URL('dist/', root), { recursive: true })
      .map(String)
      .filter(file => file.endsWith('.js') && !file.startsWith('cdn') && file !== 'define.js');
    assert.ok(modules.includes('index.js') && modules.includes('report.js'));
    for (const file of modules.filter(file => file !== 'report.js')) assert.ok(!/customElements\.define/.test(read(`dist/${file}`)), file);
    assert.ok(!DEFINES.test(read('dist/report.js')), 'report.js defines <feedback-loop>');
  });

  it('leaves lit, zod and idb-keyval to the host bundler', () => {
    const chunks = readdirSync(new URL('dist/', root)).filter(file => file.endsWith('.js'));
    const bare = chunks.flatMap(file => importedSpecifiers(read(`dist/${file}`)).filter(isBare));
    assert.ok(bare.includes('lit'), `bare imports found: ${bare.join(', ')}`);
    for (const specifier of bare) assert.match(specifier, /^(lit|zod|idb-keyval)($|\/)/);
  });

  it('locales/ar.js registers Arabic when imported', () => {
    const code = read('dist/locales/ar.js');
    assertHas(code, /registerLocale\(\s*ar\s*\)/, 'ar.js does not register the locale');
    assertHas(code, /\$dir:\s*["']rtl["']/, 'ar.js is not right to left');
  });
});

/** A module and every relative module it imports, read from dist/. */
function withImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  for (const specifier of importedSpecifiers(read(file)).filter(s => s.startsWith('.'))) {
    withImports(new URL(specifier, new URL(dir, root)).href.slice(root.href.length), seen);
  }
  return seen;
}

/** Strings found only in the email entry: its collector route and its note under the scale. */
const EMAIL_CODE = /api\/invitations|only recorded after you confirm/;

describe('dist/email.js (feedback-loop/email)', () => {
  it('loads as feedback-loop/email and renders an invitation on a server, without a DOM', async () => {
    const email = await import('feedback-loop/email');
    for (const name of ['renderEmailSnippet', 'renderEmailText', 'registerInvitations', 'emailLink', 'readEmailLink']) {
      assert.equal(typeof email[name], 'function', name);
    }
    const options = { survey: emailSurvey(), locale: 'en', landingUrl: 'https://example.org/email.html', token: 'inv_0123456789' };
    const html = email.renderEmailSnippet(options);
    assert.equal(html.match(/<a /g)?.length, 5);
    assert.match(html, /Speed of the answer/);
    const [firstLink] = email.renderEmailText(options).match(/https:\/\/\S+/) ?? [];
    assert.deepEqual(email.readEmailLink(new URL(firstLink).search), { questionId: 'speed', value: 1, token: 'inv_0123456789' });
  });

  it('imports neither lit nor idb-keyval', () => {
    const code = [...withImports('dist/email.js')].map(read).join('\n');
    const bare = new Set(importedSpecifiers(code).filter(isBare));
    assert.deepEqual([...bare], ['zod/mini']);
  });

  it('stays out of the widget: dist/index.js, dist/define.js and the CDN bundle', () => {
    assertHas(read('dist/email.js'), EMAIL_CODE, 'the marker strings are not in dist/email.js');
    for (const entry of ['dist/index.js', 'dist/define.js']) {
      for (const file of withImports(entry)) assert.doesNotMatch(read(file), EMAIL_CODE, `${file} (from ${entry})`);
    }
    assert.doesNotMatch(read('dist/cdn/feedback-loop.js'), EMAIL_CODE, 'dist/cdn/feedback-loop.js');
  });

  it('declares its types', () => {
    const types = read(pkg.exports['./email'].types);
    for (const name of ['renderEmailSnippet', 'renderEmailText', 'registerInvitations', 'EmailSnippetOptions', 'RegisterInvitationsOptions']) {
      assert.match(types, new RegExp(`\\b${name}\\b`), name);
    }
  });
});

/** The report element's tag, as a define call or a template would spell it. */
const REPORT_CODE = /["'`]feedback-report["'`]/;

describe('dist/report.js (feedback-loop/report)', () => {
  it('defines <feedback-report> once, guarded, and exports summarize()', () => {
    const code = [...withImports('dist/report.js')].map(read).join('\n');
    assertHas(code, /customElements\.define\(\s*["'`]feedback-report["'`]/, 'no define call for feedback-report');
    assertHas(code, /customElements\.get\(\s*["'`]feedback-report["'`]\s*\)/, 'the define call is not guarded');
    assertHas(read(pkg.exports['./report'].types), /\bsummarize\b/, 'summarize is not declared by feedback-loop/report');
  });

  it('stays out of the survey: dist/index.js, dist/define.js and the CDN bundle', () => {
    for (const entry of ['dist/index.js', 'dist/define.js']) {
      for (const file of withImports(entry)) assert.doesNotMatch(read(file), REPORT_CODE, `${file} (from ${entry})`);
    }
    assert.doesNotMatch(read('dist/cdn/feedback-loop.js'), REPORT_CODE, 'dist/cdn/feedback-loop.js');
  });

  it('never brings the Excel library to the browser', () => {
    for (const entry of ['dist/report.js', 'dist/index.js', 'dist/define.js']) {
      const bare = [...withImports(entry)].flatMap(file => importedSpecifiers(read(file)).filter(isBare));
      assert.ok(!bare.some(specifier => specifier.startsWith('exceljs')), entry);
    }
  });
});

describe('type declarations', () => {
  it('dist/types/index.d.ts declares FeedbackLoop and the pure APIs', () => {
    const types = read('dist/types/index.d.ts');
    for (const name of ['FeedbackLoop', 'validateSurvey', 'validateRecord', 'createFetchTransport', 'FeedbackRecord']) {
      assert.match(types, new RegExp(`\\b${name}\\b`), name);
    }
  });

  it('the element file maps the tag to its class for TypeScript users', () => {
    const types = read('dist/types/components/feedback-loop/feedback-loop.d.ts');
    assert.match(types, /interface HTMLElementTagNameMap\s*\{[^}]*["']feedback-loop["']\s*:\s*FeedbackLoop/);
  });
});

describe('dist/cdn/feedback-loop.js', () => {
  const code = read('dist/cdn/feedback-loop.js');

  it('has no bare module imports, so a plain <script type="module"> can load it', () => {
    const bare = importedSpecifiers(code).filter(isBare);
    assert.deepEqual(bare, []);
  });

  it('defines <feedback-loop> when loaded, guarded against a second copy', () => {
    assertHas(code, DEFINES, 'the CDN bundle never calls customElements.define("feedback-loop", …)');
    assertHas(code, GUARD, 'the CDN bundle does not check for an earlier definition');
  });

  it('exports the element class and the run-time helpers', () => {
    const exported = code.match(/export\s*\{([^}]*)\}\s*;?\s*$/)?.[1] ?? '';
    const names = exported.split(',').map(part => part.trim().split(/\s+as\s+/).pop());
    assert.deepEqual(names.sort(), [
      'FeedbackChangeEvent', 'FeedbackErrorEvent', 'FeedbackLoop', 'FeedbackQueuedEvent', 'FeedbackSentEvent', 'FeedbackSubmitEvent',
      'createFetchTransport', 'registerLocale',
    ]);
  });
});

/** Found only in the move of queued answers (S39): its error message. */
const MIGRATE_CODE = /migrateQueuedAnswers\(\): invalid options/;

describe('feedback-loop/migrate, opt-in', () => {
  it('is in dist/migrate.js with its types, and in a self-contained CDN file', () => {
    assertHas([...withImports('dist/migrate.js')].map(read).join('\n'), MIGRATE_CODE, 'no migration behind dist/migrate.js');
    assert.match(read(pkg.exports['./migrate'].types), /\bmigrateQueuedAnswers\b/);
    const cdn = read('dist/cdn/feedback-loop-migrate.js');
    assert.deepEqual(importedSpecifiers(cdn), []);
    assertHas(cdn, MIGRATE_CODE, 'no migration in cdn/feedback-loop-migrate.js');
    assert.ok(!DEFINES.test(cdn), 'cdn/feedback-loop-migrate.js defines <feedback-loop>');
  });

  it('stays out of the survey: dist/index.js, dist/define.js and the CDN bundles', () => {
    for (const entry of ['dist/index.js', 'dist/define.js']) {
      for (const file of withImports(entry)) assert.doesNotMatch(read(file), MIGRATE_CODE, `${file} (from ${entry})`);
    }
    for (const file of ['dist/cdn/feedback-loop.js', 'dist/cdn/feedback-loop-kiosk.js']) assert.doesNotMatch(read(file), MIGRATE_CODE, file);
  });
});

/** Kiosk mode's code and texts: its staff panel in a template (the element's doc comment names the part too), a Dutch text. */
const KIOSK_CODE = /part=["']?staff-panel\b|nog niets verstuurd/;

describe('kiosk mode (feedback-loop/kiosk.js), opt-in', () => {
  it('is in dist/kiosk.js, exported, and kept from tree-shaking', () => {
    assert.equal(pkg.exports['./kiosk.js'].default, './dist/kiosk.js');
    assert.ok(existsSync(new URL(pkg.exports['./kiosk.js'].types, root)), 'kiosk.d.ts');
    assert.ok(pkg.sideEffects.includes('./dist/kiosk.js'));
    assertHas([...withImports('dist/kiosk.js')].map(read).join('\n'), KIOSK_CODE, 'no kiosk code behind dist/kiosk.js');
  });

  it('stays out of what a website or email page loads: dist/index.js, dist/define.js and the CDN bundle', () => {
    for (const entry of ['dist/index.js', 'dist/define.js']) {
      for (const file of withImports(entry)) assert.doesNotMatch(read(file), KIOSK_CODE, `${file} (from ${entry})`);
    }
    assert.doesNotMatch(read('dist/cdn/feedback-loop.js'), KIOSK_CODE, 'dist/cdn/feedback-loop.js');
  });

  it('dist/cdn/feedback-loop-kiosk.js is the CDN bundle with kiosk mode: self-contained, same exports', () => {
    const kiosk = read('dist/cdn/feedback-loop-kiosk.js');
    assert.equal(pkg.exports['./cdn/feedback-loop-kiosk.js'], './dist/cdn/feedback-loop-kiosk.js');
    assert.deepEqual(importedSpecifiers(kiosk), []);
    assertHas(kiosk, KIOSK_CODE, 'no kiosk code in feedback-loop-kiosk.js');
    assertHas(kiosk, DEFINES, 'feedback-loop-kiosk.js does not define <feedback-loop>');
    assertHas(kiosk, GUARD, 'feedback-loop-kiosk.js does not check for an earlier definition');
    const exports = file => read(file).match(/export\s*\{([^}]*)\}\s*;?\s*$/)?.[1].split(',').map(part => part.trim().split(/\s+as\s+/).pop()).sort();
    assert.deepEqual(exports('dist/cdn/feedback-loop-kiosk.js'), exports('dist/cdn/feedback-loop.js'));
  });
});

describe('custom-elements.json', () => {
  const manifest = readJson('custom-elements.json');
  const declarations = manifest.modules.flatMap(module => module.declarations ?? []);
  const element = declarations.find(declaration => declaration.tagName === 'feedback-loop');
  const names = list => (list ?? []).map(item => item.name);

  it('declares the feedback-loop tag as the FeedbackLoop class', () => {
    assert.ok(element, 'no declaration with tagName "feedback-loop"');
    assert.equal(element.name, 'FeedbackLoop');
    assert.equal(element.customElement, true);
  });

  it('records where the tag is defined', () => {
    const definitions = manifest.modules.flatMap(module => module.exports ?? [])
      .filter(e => e.kind === 'custom-element-definition');
    assert.deepEqual(definitions.map(d => [d.name, d.declaration.name]).sort(), [['feedback-loop', 'FeedbackLoop'], ['feedback-report', 'FeedbackReport']]);
  });

  it('lists the attributes with their properties', () => {
    const attributes = Object.fromEntries(element.attributes.map(a => [a.name, a.fieldName]));
    assert.deepEqual(attributes, {
      endpoint: 'endpoint',
      'survey-src': 'surveySrc',
      mode: 'mode',
      trigger: 'trigger',
      'cooldown-days': 'cooldownDays',
      'thanks-seconds': 'thanksSeconds',
      'idle-seconds': 'idleSeconds',
      'idle-warning-seconds': 'idleWarningSeconds',
      'idle-action': 'idleAction',
      'staff-pin': 'staffPin',
      'no-dismiss': 'noDismiss',
      'no-shown-count': 'noShownCount',
      channel: 'channel',
      office: 'office',
      team: 'team',
      staff: 'staff',
      'contact-ref': 'contactRef',
      'batch-size': 'batchSize',
    });
  });

  it('lists the public events with their classes', () => {
    const events = Object.fromEntries(
      element.events.map(e => [e.name, e.type?.text]),
    );
    assert.deepEqual(events, {
      'feedback-change': 'FeedbackChangeEvent',
      'feedback-submit': 'FeedbackSubmitEvent',
      'feedback-queued': 'FeedbackQueuedEvent',
      'feedback-sent': 'FeedbackSentEvent',
      'feedback-error': 'FeedbackErrorEvent',
      'feedback-shown': 'FeedbackShownEvent',
      'feedback-dismiss': 'FeedbackDismissEvent',
      'feedback-reset': 'FeedbackResetEvent',
    });
  });

  it('has every event class exported from the package entry', () => {
    const exported = [...read('dist/index.js').matchAll(/export\s*\{([^}]*)\}/g)]
      .flatMap(([, list]) => list.split(','))
      .map(part => part.trim().split(/\s+as\s+/).pop());
    for (const event of element.events) assert.ok(exported.includes(event.type.text), `${event.type.text} is not exported from feedback-loop`);
  });

  it('lists the parts and slots', () => {
    assert.deepEqual(names(element.cssParts).sort(), [
      'base', 'comment', 'consent', 'contact-field', 'delivery', 'dismiss', 'email-confirm', 'header', 'idle-warning',
      'next', 'notice', 'option', 'option-selected', 'question', 'retry', 'scale', 'staff-export', 'staff-export-pending', 'staff-keep-open',
      'staff-panel', 'staff-send', 'staff-status', 'status', 'submit', 'thanks',
    ]);
    assert.deepEqual(names(element.slots).sort(), ['header', 'thanks']);
  });

  it('gives editors the value of a default kept in a constant, not the constant\'s name', () => {
    const report = declarations.find(declaration => declaration.tagName === 'feedback-report');
    const defaults = [element, report].flatMap(e => e.attributes.map(a => [`${e.tagName} ${a.name}`, a.default, a.type?.text]));
    const wanted = [['feedback-loop cooldown-days', '180', 'number'], ['feedback-loop batch-size', '25', 'number'], ['feedback-report min-count', '5', 'number']];
    for (const [name, value, type] of wanted) assert.deepEqual(defaults.find(([n]) => n === name), [name, value, type]);
    for (const [name, value] of defaults) assert.doesNotMatch(String(value), /^[A-Z][A-Z0-9_]+$/, `${name} defaults to a constant's name`);
  });

  it('documents every attribute, event, part and slot', () => {
    for (const item of [...element.attributes, ...element.cssParts, ...element.slots]) {
      assert.ok(item.description?.trim(), `${item.name} has no description`);
    }
    for (const event of element.events.filter(e => e.name.startsWith('feedback-'))) {
      assert.ok(event.description?.trim(), `${event.name} has no description`);
    }
  });
});
