#!/usr/bin/env node
// `npm run test:e2e`: real-browser scenarios (test/e2e/*.test.ts) against the real demo, with
// playwright-core driving the system's Chromium (never a downloaded browser). Screenshots of each
// final state go to e2e-results/ (emptied first). Files run one after another (each starts its own
// demo server and browser); ends with node:test's summary and a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = findChromium();
if (!chromium) {
  console.error('e2e: no Chromium found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH.');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const dir = join(root, 'test', 'e2e');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join('test', 'e2e', f));
if (files.length === 0) {
  console.error('e2e: no test files matched');
  process.exit(1);
}

const results = join(root, 'e2e-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'bynet-e2e-'));
const tap = join(work, 'e2e.tap');
let status = 1;
try {
  const r = spawnSync(
    process.execPath,
    [
      '--import', 'tsx', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, CHROME_PATH: chromium } },
  );
  status = r.status ?? 1;
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const num = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = num('pass');
  let failed = num('fail') + num('cancelled');
  if (status !== 0 && failed === 0) failed = 1;
  // the gallery's pictures are in e2e-results/states/
  const shots = existsSync(results) ? readdirSync(results, { recursive: true }).filter((f) => String(f).endsWith('.png')).length : 0;
  console.log(`\ne2e: ${shots} screenshots in e2e-results/ (every buyer state: e2e-results/states/index.html)`);
  console.log(`${passed} passed, ${failed} failed`);
  if (process.env.E2E_COUNTS_FILE) writeFileSync(process.env.E2E_COUNTS_FILE, JSON.stringify({ passed, failed }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
