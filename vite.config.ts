import { readFileSync } from 'node:fs';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig } from 'vite';
import type { PluginOption, UserConfig } from 'vite';

/**
 * Every build of the package, one per `--mode`. `npm run build` (scripts/build.mjs) runs them in
 * turn; each can also run alone, e.g. `vite build --mode cdn`.
 *
 * - `esm` (the default): the widget for bundlers, dist/esm/bynet-checkout.js, card form as a lazy
 *   chunk, runtime dependencies left as imports so a storefront has one copy of each.
 * - `node`: the merchant helper and the sandbox for Node, dist/esm/server.js and dist/esm/sandbox.js.
 * - `cdn`: one self-contained, minified script-tag file, dist/cdn/bynet-checkout.iife.js (no
 *   runtime chunk loading, so a single SRI hash covers all of it).
 * - `cdn-esm`: the same for `<script type="module">`, dist/cdn/esm/, with the card form as a lazy
 *   chunk.
 *
 * Lazy screens: PIX, boleto and card are each a chunk of their own in `esm` and `cdn-esm`
 * (src/components/screens/), as is the English catalogue; `cdn` inlines them all.
 *
 * Lit templates (html`` and css``) are minified in every browser build.
 *
 * Decorators: tsconfig uses experimentalDecorators, which Vite 8 (Oxc) lowers. Standard decorators
 * would pass through unlowered and break in the browser, so keep it that way.
 */

export type BuildMode = 'esm' | 'node' | 'cdn' | 'cdn-esm' | 'react' | 'console';
export const BUILD_MODES: readonly BuildMode[] = ['esm', 'node', 'cdn', 'cdn-esm', 'react', 'console'];

/**
 * The package's runtime dependencies (lit, zod, imask, lean-qr, credit-card-type...) and their
 * subpaths: external in the npm build, inlined in the CDN builds. Read from package.json, so a new
 * dependency is never bundled into the npm build by accident. lit's own packages are included.
 */
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const WIDGET_DEPS = [...Object.keys(pkg.dependencies), '@lit/reactive-element', 'lit-html', 'lit-element'].map(
  (name) => new RegExp(`^${escape(name)}($|/)`),
);

const WIDGET_ENTRY = 'src/index.ts';

/**
 * What belongs to a lazy chunk only: the payment screens (src/components/screens/ and the elements
 * they define), the outcome views (screens/outcome.ts, receipt.ts), their strings, the English
 * catalogue, and the libraries and helpers only they use. Everything else a module build bundles
 * goes into one first-load file (`firstLoad` below): in the CDN module build that is the entry
 * itself, so the first load is ONE request; left to itself Rolldown splits the modules the entry
 * shares with the screens (lit, i18n, shared styles) into a second file. A module missing from this
 * list only lands in the first load (correct, just heavier): `npm run size` shows what each holds.
 */
const LAZY_ONLY =
  /[\\/]components[\\/](screens|pix-payment|qr-code|countdown|boleto-payment|barcode|card-form)[\\/]|[\\/]checkout[\\/](i18n-(en|pix|boleto|card|outcome)|receipt)\.ts$|[\\/]components[\\/]shared[\\/]clipboard\.ts$|[\\/]brazil[\\/](pix|boleto|itf|card)\.ts$|[\\/]node_modules[\\/](lean-qr|imask|credit-card-type)[\\/]/;
/** Every module outside the lazy chunks, in one file named `name`. */
const firstLoad = (name: string) => ({ groups: [{ name, test: (id: string) => !LAZY_ONLY.test(id) }] });

/**
 * Whitespace and comments out of the Lit templates and styles of our own sources (not of the
 * libraries, which ship theirs minified). A template the minifier cannot parse fails the build.
 */
function litTemplates(): PluginOption {
  const plugin = minifyHtmlLiterals({
    filter: (id: string) => /[\\/]src[\\/]components[\\/].*\.ts$/.test(id),
    failOnError: true,
  });
  return { ...plugin, name: 'bynet:minify-lit-templates' } as PluginOption;
}
/** The widget's entry, imported from `importer`, stays an import of the sibling file ./bynet-checkout.js. */
function widgetAsSibling(importer: string): PluginOption {
  return {
    name: 'bynet:widget-as-sibling',
    enforce: 'pre',
    resolveId(source: string, from: string | undefined) {
      if (source === '../index.js' && from?.replace(/\\/g, '/').endsWith(importer)) return { id: './bynet-checkout.js', external: 'relative' };
      return null;
    },
  } as PluginOption;
}
const BROWSER_TARGET = 'es2022';
// CDN files run without a bundler: nothing may be left referring to `process`.
const BROWSER_DEFINE = { 'process.env.NODE_ENV': JSON.stringify('production') };
// The CDN module build: 'allow-extension' lets the entry also export the modules it shares with the
// lazy chunks (lit, i18n, shared styles), under internal names, so the first load is one file. The
// npm build keeps its entry 'strict' (public names only): bundlers re-bundle it anyway.
const SHARED_INTO_ENTRY = 'allow-extension';

/**
 * The CDN module build is minified twice: by Rolldown's own minifier as it writes each chunk, then
 * by terser (several compress passes, top-level names mangled, `@__PURE__` annotations dropped),
 * which takes about 0.6 KB gzip more off the first load. Only safe transforms: no `unsafe` options.
 * The one-file script tag gains nothing from the second pass, so it keeps the default minifier.
 */
const TERSER_ESM = {
  ecma: 2020 as const,
  module: true,
  compress: { passes: 3 },
  mangle: { toplevel: true },
  format: { comments: false },
};

/** An npm module build into dist/esm (unminified, with source maps: the storefront's bundler minifies). */
function npmModule(outRoot: string, entry: string, fileName: string, plugins: PluginOption[], rolldownOptions: NonNullable<UserConfig['build']>['rolldownOptions']): UserConfig {
  return {
    plugins,
    build: {
      target: BROWSER_TARGET,
      outDir: `${outRoot}/esm`,
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      lib: { entry, formats: ['es'], fileName: () => fileName },
      rolldownOptions,
    },
  };
}

export function buildConfig(mode: BuildMode, outRoot = 'dist'): UserConfig {
  switch (mode) {
    case 'esm':
      return npmModule(outRoot, WIDGET_ENTRY, 'bynet-checkout.js', [litTemplates()], {
        external: WIDGET_DEPS,
        // Strict: the package entry exports only the public API. The first load is the entry plus
        // one chunk it imports (bundlers re-bundle it anyway); the CDN module build stays one file.
        preserveEntrySignatures: 'strict',
        output: { chunkFileNames: 'chunks/[name]-[hash].js', codeSplitting: firstLoad('first-load') },
      });
    case 'node':
      return {
        build: {
          target: 'node20',
          outDir: `${outRoot}/esm`,
          emptyOutDir: false,
          sourcemap: true,
          minify: false,
          ssr: true,
          lib: {
            entry: { server: 'src/server/index.ts', sandbox: 'src/sandbox/index.ts', cli: 'src/cli/doctor.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
          rolldownOptions: {
            // Node resolves packages at run time: leave every bare import (node:*, zod...) external.
            external: [/^[^./\0]/],
            output: { chunkFileNames: 'node-chunks/[name]-[hash].js' },
          },
        },
        ssr: { target: 'node' },
      };
    case 'react':
      // `bynet-checkout/react`, dist/esm/react.js: the wrapper alone. The widget stays the package's
      // own entry (imported as ./bynet-checkout.js, never bundled twice); react and @lit/react are the
      // storefront's.
      return npmModule(outRoot, 'src/react/index.ts', 'react.js', [widgetAsSibling('src/react/index.ts')], {
        external: [...WIDGET_DEPS, /^react($|\/)/, /^@lit\/react($|\/)/],
      });
    case 'console':
      // `bynet-checkout/console`, dist/esm/console.js: the merchant console's elements, a build of
      // their own so nothing of them ever reaches the buyer's bundle.
      return npmModule(outRoot, 'src/console/index.ts', 'console.js', [litTemplates()], { external: WIDGET_DEPS });
    case 'cdn':
      return {
        plugins: [litTemplates(), imaskLetters()],
        define: BROWSER_DEFINE,
        build: {
          target: BROWSER_TARGET,
          outDir: `${outRoot}/cdn`,
          emptyOutDir: false,
          sourcemap: true,
          minify: true,
          lib: { entry: WIDGET_ENTRY, formats: ['iife'], name: 'BynetCheckout', fileName: () => 'bynet-checkout.iife.js' },
        },
      };
    case 'cdn-esm':
      return {
        plugins: [litTemplates(), imaskLetters()],
        define: BROWSER_DEFINE,
        build: {
          target: BROWSER_TARGET,
          outDir: `${outRoot}/cdn/esm`,
          emptyOutDir: false,
          sourcemap: true,
          minify: 'terser',
          terserOptions: TERSER_ESM,
          lib: { entry: WIDGET_ENTRY, formats: ['es'], fileName: () => 'bynet-checkout.js' },
          rolldownOptions: {
            preserveEntrySignatures: SHARED_INTO_ENTRY,
            // Library mode only strips whitespace in ES output; a CDN file wants full minification.
            output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true, codeSplitting: firstLoad('bynet-checkout') },
          },
        },
      };
  }
}

function isBuildMode(mode: string): mode is BuildMode {
  return (BUILD_MODES as readonly string[]).includes(mode);
}

export default defineConfig(({ mode }) => buildConfig(isBuildMode(mode) ? mode : 'esm', process.env.BYNET_OUT_DIR || 'dist'));

/**
 * imask's pattern masks carry a default definition `a` (any letter) written as a ~4 KB class of
 * `\uXXXX` ranges (Unicode letters, from before JavaScript had property escapes). The card form never
 * uses `a` (its masks are digits only), yet the literal ships with every pattern mask. This rewrites
 * that one literal to `/\p{L}/u`: the same "a letter" class, written the modern way (es2022 target),
 * a superset only by the letters later Unicode versions added. If the literal is not found in the
 * module, or the module was not seen while other imask pattern code was bundled (an imask upgrade
 * that moved or changed it), the build fails: the saving must never disappear silently. Only the
 * CDN builds bundle imask; the npm build leaves it to the storefront's bundler.
 */
function imaskLetters(): PluginOption {
  const DEFINITIONS = /[\\/]imask[\\/]esm[\\/]masked[\\/]pattern[\\/]input-definition\.js$/;
  const PATTERN = /[\\/]imask[\\/]esm[\\/]masked[\\/]pattern\.js$/;
  const LETTERS = /'a':\s*\/\[\\u0041-\\u005A\\u0061-\\u007A(?:\\u[0-9A-F]{4}|-)+\]\//g;
  let rewritten = false;
  let patternSeen = false;
  return {
    name: 'bynet:imask-letters',
    buildStart() {
      rewritten = false;
      patternSeen = false;
    },
    transform(code: string, id: string) {
      if (PATTERN.test(id)) patternSeen = true;
      if (!DEFINITIONS.test(id)) return null;
      const found = code.match(LETTERS)?.length ?? 0;
      if (found !== 1) this.error(`bynet:imask-letters: expected imask's letter class once in ${id}, found it ${found} times`);
      rewritten = true;
      return { code: code.replace(LETTERS, "'a': /\\p{L}/u"), map: null };
    },
    buildEnd(error?: Error) {
      if (!error && patternSeen && !rewritten) this.error("bynet:imask-letters: imask's pattern masks were bundled without their input definitions being rewritten");
    },
  } as PluginOption;
}
