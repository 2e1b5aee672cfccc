// Lists the node:test files (Node 20's `--test` does not expand globs itself).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {string[]} every `*.test.ts` below `dir`, sorted */
export function findTests(dir = 'test/node') {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// `node scripts/node-tests.mjs [dir]` runs them (npm run test:node).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { spawnSync } = await import('node:child_process');
  const files = findTests(process.argv[2]);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
