#!/usr/bin/env node
// Typechecks every TypeScript snippet of README.md (```ts and ```tsx blocks) against the package's
// own sources, the way a merchant's strict TypeScript project would see them:
//   - each block is its own module (a block holding several files, each introduced by a line
//     `// path/to/file.ts`, is split into those files);
//   - `bynet-checkout`, `bynet-checkout/server`, `/sandbox`, `/react`, `/console` and `/jsx/react` resolve to
//     the sources (src/, jsx/); express, hono, react... to this repository's node_modules;
//   - names a snippet uses without defining (your `db`, an `app`, the `bynet` instance) come from
//     scripts/readme-snippets.d.ts, which says what each stands for.
// Prints "README snippets: N passed, N failed" (one per snippet file) and exits 1 on a failure.
// With README_SNIPPETS_COUNTS_FILE set, also writes { passed, failed } there (scripts/test.mjs).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
// inside node_modules, so express, react, hono... resolve from the repository's node_modules
const dir = join(root, 'node_modules', '.cache', 'readme-snippets');

/** The snippet files: { name, line (1-based, in README.md), code }. */
export function extractSnippets(text) {
  const lines = text.split('\n');
  const out = [];
  let block = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!block) {
      const m = /^```(ts|tsx|typescript)\s*$/.exec(line);
      if (m) block = { ext: m[1] === 'tsx' ? 'tsx' : 'ts', start: i + 2, body: [] };
      continue;
    }
    if (/^```\s*$/.test(line)) {
      out.push(...splitFiles(block, out.length));
      block = null;
      continue;
    }
    block.body.push(line);
  }
  return out;
}

function splitFiles(block, index) {
  const files = [];
  let cur = { line: block.start, code: [] };
  block.body.forEach((l, k) => {
    if (/^\/\/ [\w./[\]-]+\.tsx?$/.test(l.trim()) && cur.code.some((c) => c.trim() !== '')) {
      files.push(cur);
      cur = { line: block.start + k, code: [] };
    }
    cur.code.push(l);
  });
  files.push(cur);
  return files.map((f, k) => ({
    name: `snippet-${String(index + k + 1).padStart(2, '0')}.${block.ext}`,
    line: f.line,
    code: f.code.join('\n'),
  }));
}

function main() {
  const snippets = extractSnippets(readme);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, 'scripts', 'readme-snippets.d.ts'), join(dir, 'ambient.d.ts'));
  for (const s of snippets) {
    // a module each: snippets may reuse names; padding keeps README line numbers exact
    writeFileSync(join(dir, s.name), `${'\n'.repeat(s.line - 1)}${s.code}\nexport {};\n`);
  }
  const src = (p) => join(root, p);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        extends: src('tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          noUnusedLocals: false,
          noUnusedParameters: false,
          jsx: 'react-jsx',
          types: ['node'],
          paths: {
            'bynet-checkout': [src('src/index.ts')],
            'bynet-checkout/server': [src('src/server/index.ts')],
            'bynet-checkout/sandbox': [src('src/sandbox/index.ts')],
            'bynet-checkout/react': [src('src/react/index.ts')],
            'bynet-checkout/console': [src('src/console/index.ts')],
            'bynet-checkout/jsx/react': [src('jsx/react.d.ts')],
          },
        },
        include: ['*.ts', '*.tsx'],
      },
      null,
      2,
    ),
  );
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const failed = new Map();
  const other = [];
  for (const line of output.split('\n')) {
    const m = /(snippet-\d+\.tsx?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (m) {
      const list = failed.get(m[1]) ?? [];
      list.push(`README.md:${m[2]}:${m[3]} ${m[4]}`);
      failed.set(m[1], list);
    } else if (/error TS/.test(line)) other.push(line);
  }
  for (const s of snippets) {
    const errs = failed.get(s.name);
    if (!errs) continue;
    console.error(`✗ snippet at README.md:${s.line}`);
    for (const e of errs) console.error(`    ${e}`);
  }
  // an error outside the snippets (the sources, the prelude) fails the check as a whole
  for (const l of other) console.error(`✗ ${l}`);
  const nFailed = failed.size + (other.length || (r.status !== 0 && failed.size === 0) ? 1 : 0);
  const passed = snippets.length - failed.size;
  console.log(`README snippets: ${passed} passed, ${nFailed} failed`);
  if (process.env.README_SNIPPETS_COUNTS_FILE) {
    writeFileSync(process.env.README_SNIPPETS_COUNTS_FILE, JSON.stringify({ passed, failed: nFailed }));
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(nFailed === 0 ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
