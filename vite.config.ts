import { defineConfig } from 'vite';

// Library build of the widget. Lit decorators are lowered because tsconfig uses
// experimentalDecorators (Vite 8 / Oxc does not lower standard decorators).
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist/esm',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'bynet-checkout.js',
    },
    rolldownOptions: { external: [/^lit($|\/)/, /^@lit\//, /^zod($|\/)/, /^imask($|\/)/, /^lean-qr($|\/)/, /^credit-card-type($|\/)/, /^@brazilian-utils\//] },
  },
});
