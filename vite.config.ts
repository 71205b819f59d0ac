import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import * as z from 'zod/mini';
import { FeedbackRecordSchema } from './src/schema/record.js';
import { SurveySchema } from './src/schema/survey.js';
import { AckSchema } from './src/schema/ack.js';
import { ReportSchema } from './src/report/report-schema.js';
import { devOutage, dropDuringOutage } from './demo/dev-outage.js';
import { readConfig } from './src/collector/config.js';
import { openCollector } from './src/collector/server.js';
import { litTemplates, terserChunks } from './scripts/minify-lit-templates.mjs';

const src = (path: string) => resolve(import.meta.dirname, 'src', path);

/** Emits the record, survey, acknowledgement and report schemas as JSON Schema, for backends in any language. */
function jsonSchemas(): Plugin {
  return {
    name: 'feedback-json-schemas',
    generateBundle() {
      const files = {
        'feedback-record.schema.json': FeedbackRecordSchema,
        'feedback-survey.schema.json': SurveySchema,
        'feedback-ack.schema.json': AckSchema,
        'feedback-report.schema.json': ReportSchema,
      };
      for (const [fileName, schema] of Object.entries(files)) {
        const json = z.toJSONSchema(schema, { target: 'draft-2020-12' });
        this.emitFile({ type: 'asset', fileName, source: `${JSON.stringify(json, null, 2)}\n` });
      }
    },
  };
}

/** `npm start`: the demo pages and the reference collector in one process. */
function demoCollector(): Plugin {
  return {
    name: 'feedback-demo-collector',
    async configureServer(server) {
      // The demo agency is Flemish: its report periods are Brussels days unless REPORT_TIME_ZONE says otherwise.
      const settings = readConfig({ REPORT_TIME_ZONE: 'Europe/Brussels', ...process.env, SURVEYS: process.env.SURVEYS ?? 'demo/surveys' });
      if (!settings.ok) throw new Error(`Bad collector setting:\n${settings.message}`);
      const { config } = settings;
      const collector = await openCollector(config, line => server.config.logger.info(line));
      server.httpServer?.once('close', () => void collector.close());
      server.middlewares.use('/api/dev/outage', (req: IncomingMessage, res: ServerResponse) => devOutage(req, res));
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next) => {
        if (!req.url?.startsWith('/api/')) return next();
        if (dropDuringOutage(req)) return;
        void collector.listener(req, res);
      });
      server.httpServer?.once('listening', () => {
        const base = `http://localhost:${server.config.server.port}`;
        // A token the operator chose is theirs to know; only one the collector made is shown.
        const token = collector.tokenGenerated ? collector.reportToken : '<REPORT_TOKEN>';
        const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${resolve(config.dataDir)}`;
        setTimeout(() =>
          server.config.logger.info(
            [
              '',
              '  feedback-loop demo and collector',
              `    Agency web page     ${base}/`,
              `    Kiosk tablet        ${base}/kiosk.html`,
              `    Email landing page  ${base}/email.html`,
              `    Report              ${base}/report.html${collector.tokenGenerated ? `#token=${token}` : ''}`,
              `  Answers are stored in ${where}.`,
              collector.tokenGenerated
                ? `  Report token (made at first start, kept in the database): ${token}`
                : '  Report token: the REPORT_TOKEN you set',
              `  Read answers: curl -H "Authorization: Bearer ${token}" ${base}/api/responses`,
              '',
            ].join('\n'),
          ),
        );
      });
    },
  };
}

export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      root: 'demo',
      server: {
        port: Number(process.env.PORT ?? 8787),
        strictPort: true,
        host: '127.0.0.1',
        // The collector answers its own CORS, preflights included (ALLOWED_ORIGINS). Vite's CORS
        // middleware would answer an OPTIONS to /api/* first, without the allowed origin.
        cors: false,
        // Vite's defaults, plus the database folder: its files hold answers, readable only with the token.
        fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '**/.data/**', `${resolve(process.env.DATA_DIR ?? '.data')}/**`] },
      },
      plugins: [demoCollector()],
    };
  }
  if (mode === 'collector') {
    // The reference collector for Node: its dependencies stay external (they are optional peers).
    return {
      build: {
        ssr: true,
        target: 'node20',
        outDir: 'dist/collector',
        emptyOutDir: true,
        minify: false,
        rolldownOptions: {
          input: { collector: src('collector.ts'), cli: src('collector/cli.ts') },
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name].js' },
        },
      },
    };
  }
  if (mode === 'cdn' || mode === 'cdn-kiosk' || mode === 'cdn-migrate') {
    // One self-contained, minified ES module for <script type="module" src="…/feedback-loop.js">:
    // Lit's templates minified, then the chunks through terser (scripts/minify-lit-templates.mjs).
    // `cdn-kiosk` builds the same with kiosk mode into feedback-loop-kiosk.js, and `cdn-migrate`
    // `feedback-loop/migrate` for pages without a bundler, each a build of its own so that no file
    // is split into shared chunks and the survey's never grows (run after `cdn`, which empties the folder).
    const entries = {
      cdn: { 'feedback-loop': src('cdn.ts'), 'locales/ar': src('i18n/locales/ar.ts') },
      'cdn-kiosk': { 'feedback-loop-kiosk': src('cdn-kiosk.ts') },
      'cdn-migrate': { 'feedback-loop-migrate': src('migrate.ts') },
    };
    return {
      plugins: [litTemplates(), terserChunks({ eager: ['feedback-loop', 'feedback-loop-kiosk'] })],
      build: {
        target: 'es2022',
        outDir: 'dist/cdn',
        emptyOutDir: mode === 'cdn',
        lib: { entry: entries[mode], formats: ['es'] },
        // terserChunks() minifies; neither Vite's nor Rolldown's (oxc) minifier runs as well. The two
        // minifying plugins are most of the build's time by design: no warning about plugin timings.
        minify: false,
        rolldownOptions: { checks: { bundlerTimings: false }, output: { minify: false } },
      },
    };
  }
  // The npm build: readable ES modules, dependencies left to the host's bundler.
  return {
    plugins: [jsonSchemas()],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: {
          index: src('index.ts'),
          define: src('define.ts'),
          // Kiosk mode, opt-in: a page imports it beside define.js.
          kiosk: src('kiosk.ts'),
          'locales/ar': src('i18n/locales/register-ar.ts'),
          // For the server that sends invitation emails: no lit; shares the locale registry.
          email: src('email.ts'),
          // <feedback-report>: its own entry, so the survey bundle does not grow.
          report: src('report.ts'),
          // Moves answers queued for an old endpoint to a new one (S39): never in the survey's bundle.
          migrate: src('migrate.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: { external: [/^lit($|\/)/, /^zod($|\/)/, /^idb-keyval($|\/)/] },
    },
  };
});
