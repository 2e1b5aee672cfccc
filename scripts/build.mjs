#!/usr/bin/env node
// `npm run build`: every build of the package into dist/ (or --out-dir DIR).
//   1. Vite: esm (widget for bundlers), node (server + sandbox), cdn (script tag), cdn-esm
//   2. tsc -p tsconfig.build.json: declarations into dist/types
//   3. custom-elements.json (analyzer, config in custom-elements-manifest.config.mjs)
//   4. sri.json + SRI.md for the CDN files
//   5. the React example (examples/react) into dist/examples/react, for the browser tests
// Flags: --out-dir DIR, --no-examples.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'vite';
import { writeSri } from './sri.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const outDir = resolve(root, option('--out-dir') ?? 'dist');
const rel = relative(root, outDir);
// Never wipe the project itself (or a folder that contains it).
if (rel === '' || !relative(outDir, root).startsWith('..')) {
  console.error(`build: refusing to use ${outDir} as the output folder`);
  process.exit(1);
}
const withExamples = !flag('--no-examples');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const steps = [];
async function step(name, fn) {
  const t0 = performance.now();
  await fn();
  steps.push([name, performance.now() - t0]);
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited with ${r.status ?? r.signal}`);
}

try {
  rmSync(outDir, { recursive: true, force: true });
  process.env.BYNET_OUT_DIR = outDir;

  for (const mode of ['esm', 'react', 'console', 'node', 'cdn', 'cdn-esm']) {
    await step(`vite ${mode}`, () => build({ root, configFile: join(root, 'vite.config.ts'), mode, logLevel: 'warn' }));
  }
  await step('types (tsc)', () => run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', join(outDir, 'types')]));
  await step('custom-elements.json', () =>
    run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(root, outDir)]),
  );
  await step('sri', () => writeSri(outDir));
  if (withExamples) {
    await step('example: react', () =>
      build({ root: join(root, 'examples/react'), configFile: join(root, 'examples/react/vite.config.ts'), logLevel: 'warn' }),
    );
  }
} catch (err) {
  console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const width = Math.max(...steps.map(([n]) => n.length));
for (const [name, ms] of steps) console.log(`  ${name.padEnd(width)}  ${(ms / 1000).toFixed(2)} s`);
console.log(`build: ${rel}/ ready${existsSync(join(outDir, 'sri.json')) ? ' (sri.json written)' : ''}`);
