import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// A storefront's own Vite setup needs nothing special for the widget: `import 'bynet-checkout'`
// resolves from node_modules. Here, inside the package's repository, the name points at the
// package's own npm build (dist/esm, so `npm run build` first), the same file a storefront gets.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.BYNET_OUT_DIR || `${repo}dist`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [{ find: /^bynet-checkout$/, replacement: `${dist}/esm/bynet-checkout.js` }],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    target: 'es2022',
    outDir: `${dist}/examples/react`,
    emptyOutDir: true,
    sourcemap: true,
  },
});
