// Build-time minification shared by the browser bundles: vite.config.ts (the CDN bundle) and
// scripts/bundle-sizes.mjs (the report bundle it measures). Two steps:
// - Lit's html`` and css`` templates in src/ are minified by the Lit team's
//   @lit-labs/rollup-plugin-minify-html-literals (html-minifier-next for HTML, LightningCSS for CSS);
//   LightningCSS also rewrites values to equal shorter ones (#ffffff → #fff, 120ms → .12s).
//   Whitespace is only ever collapsed to one space, never removed (conservativeCollapse, lit/lit#5158):
//   text between inline elements and bindings reads as before; <textarea>/<pre> content is kept as is.
// - The bundle is minified by terser, with two compress passes (smaller than oxc's or esbuild's output).
// The minifiers are imported on first use: loading them (TypeScript's parser among them) takes about
// a second, which `vite` (the dev server) and the other builds should not pay.
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src') + sep;

/** Only our own TypeScript sources: Lit, zod and idb-keyval arrive minified or have no templates. */
const isOurSource = id => id.startsWith(SRC) && id.endsWith('.ts');

/** minify-html-literals options: the package's defaults, less anything that could change what renders. */
export const LIT_TEMPLATE_OPTIONS = {
  minifyOptions: {
    // Collapse whitespace runs to a single space; never drop them (the default would glue "3 answers" text
    // to a neighbouring <strong> or binding in some contexts).
    collapseWhitespace: true,
    conservativeCollapse: true,
    // `lang=""`, `title=""`, `dir=""` mean something (an unknown language, no inherited tooltip): keep them.
    removeEmptyAttributes: false,
    // There is no <script> in a template; do not let a second JS minifier near attribute values.
    minifyJS: false,
  },
};

/**
 * `code` of the module `id` with its Lit templates minified, or null when it has none. Throws when a
 * template cannot be minified (the build then fails instead of shipping it half done).
 */
async function minifyTemplates(code, id, sourceMap) {
  const { minifyHTMLLiterals } = await import('@lit-labs/rollup-plugin-minify-html-literals/lib/minify-html-literals.js');
  return minifyHTMLLiterals(code, { ...LIT_TEMPLATE_OPTIONS, fileName: id, ...(sourceMap ? {} : { generateSourceMap: false }) });
}

/** The Vite/Rolldown plugin: minifies the templates of src/**.ts. */
export function litTemplates() {
  return {
    name: 'minify-lit-templates',
    async transform(code, id) {
      if (!isOurSource(id)) return null;
      return minifyTemplates(code, id, true);
    },
  };
}

/** The same step as an esbuild plugin (esbuild has no Rollup transform hook). */
export function litTemplatesEsbuild() {
  return {
    name: 'minify-lit-templates',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (!isOurSource(path)) return undefined;
        const source = await readFile(path, 'utf8');
        const result = await minifyTemplates(source, path, false);
        return { contents: result?.code ?? source, loader: 'ts' };
      });
    },
  };
}

/**
 * terser options for the browser bundles (ES2022 browsers, so no Safari 10 workarounds). `module: true`:
 * the bundle is an ES module, so its top-level names may be mangled. No comments, not even the
 * PURE annotations Vite's own terser step keeps in library mode: nothing bundles this output again.
 */
export const TERSER_OPTIONS = {
  module: true,
  ecma: 2020,
  safari10: false,
  compress: { passes: 2 },
  format: { comments: false },
};

/**
 * V8's explicit compile hint (Chrome 136+; a plain comment elsewhere): compile every function of the
 * file while it loads, on a background thread, instead of lazily on first call. Nearly all of the
 * survey's code runs before its first paint, so this takes about a third off its script time at 4×
 * slower CPU (bench: 114 → 71 ms). It is a trade: compiling all of it delays the first statement, so
 * on a fast CPU the survey may be ready a little later. The render bench loads our build with and
 * without it in every run (BENCHMARKS.md; README "Size and speed" sums up the runs): at 4× slower CPU
 * the hint has always been faster, at normal CPU as fast or a little slower. Kept for the slow phones
 * and tablets, where the wait is longest.
 */
const COMPILE_EAGERLY = '//# allFunctionsCalledOnLoad';

/**
 * The finished chunks through terser (instead of Vite's built-in step, which keeps the annotations).
 * `eager`: names of the chunks that get COMPILE_EAGERLY (the survey's entry, not opt-in locales).
 */
export function terserChunks({ eager = [] } = {}) {
  return {
    name: 'terser-chunks',
    async renderChunk(code, chunk, outputOptions) {
      const { minify } = await import('terser');
      const preamble = eager.includes(chunk.name) ? COMPILE_EAGERLY : undefined;
      const format = { ...TERSER_OPTIONS.format, ...(preamble ? { preamble } : {}) };
      const result = await minify(code, { ...TERSER_OPTIONS, format, sourceMap: !!outputOptions.sourcemap });
      return { code: result.code, map: result.map };
    },
  };
}

/** `code` (one bundled ES module) minified with TERSER_OPTIONS. */
export async function terserMinify(code) {
  const { minify } = await import('terser');
  return (await minify(code, TERSER_OPTIONS)).code;
}
