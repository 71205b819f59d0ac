import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import * as z from 'zod/mini';
import { FeedbackRecordSchema } from './src/schema/record.js';
import { SurveySchema } from './src/schema/survey.js';
import { AckSchema } from './src/schema/ack.js';
import { devCollector, devOutage } from './demo/dev-collector.js';

const src = (path: string) => resolve(import.meta.dirname, 'src', path);

/** Emits the record, survey and acknowledgement schemas as JSON Schema, for backends in any language. */
function jsonSchemas(): Plugin {
  return {
    name: 'feedback-json-schemas',
    generateBundle() {
      const files = {
        'feedback-record.schema.json': FeedbackRecordSchema,
        'feedback-survey.schema.json': SurveySchema,
        'feedback-ack.schema.json': AckSchema,
      };
      for (const [fileName, schema] of Object.entries(files)) {
        const json = z.toJSONSchema(schema, { target: 'draft-2020-12' });
        this.emitFile({ type: 'asset', fileName, source: `${JSON.stringify(json, null, 2)}\n` });
      }
    },
  };
}

/** `npm start`: the demo pages plus a development endpoint (the collector issue replaces it). */
function demoEndpoint(): Plugin {
  return {
    name: 'feedback-demo-endpoint',
    configureServer(server) {
      server.middlewares.use('/api/responses', (req: IncomingMessage, res: ServerResponse, next) =>
        devCollector(req, res, next),
      );
      server.middlewares.use('/api/dev/outage', (req: IncomingMessage, res: ServerResponse) => devOutage(req, res));
      server.httpServer?.once('listening', () => {
        setTimeout(() => server.config.logger.info('  Answers are POSTed to /api/responses and logged here.\n'));
      });
    },
  };
}

export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      root: 'demo',
      server: { port: Number(process.env.PORT ?? 8787), strictPort: true, host: '127.0.0.1' },
      plugins: [demoEndpoint()],
    };
  }
  if (mode === 'cdn') {
    // One self-contained, minified ES module for <script type="module" src="…/feedback-loop.js">.
    return {
      build: {
        target: 'es2022',
        outDir: 'dist/cdn',
        emptyOutDir: true,
        lib: {
          entry: { 'feedback-loop': src('cdn.ts'), 'locales/ar': src('i18n/locales/ar.ts') },
          formats: ['es'],
        },
        // Vite 8's lib mode ignores build.minify for whitespace; this minifies fully.
        rolldownOptions: { output: { minify: true } },
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
        entry: { index: src('index.ts'), define: src('define.ts'), 'locales/ar': src('i18n/locales/register-ar.ts') },
        formats: ['es'],
      },
      rolldownOptions: { external: [/^lit($|\/)/, /^zod($|\/)/, /^idb-keyval($|\/)/] },
    },
  };
});
