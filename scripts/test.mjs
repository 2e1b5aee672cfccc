#!/usr/bin/env node
// `npm test`: typecheck, README snippets typecheck, node tests, build, README check, browser tests (Chromium), end-to-end
// scenarios (Playwright driving Chromium against the real demo server), then one closing line
// "N passed, N failed". Finds Chromium (CHROME_PATH, then the usual paths) and, as root on
// Debian with none found, installs it with apt; otherwise says how to install it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from './find-chromium.mjs';
import { findTests } from './node-tests.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function aptInstall(pkg) {
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  return spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function ensureTool(label, found, pkg, hint) {
  if (found()) return true;
  if (isRoot && hasApt) {
    console.log(`[test] ${label} not found; installing Debian package "${pkg}" with apt-get`);
    if (aptInstall(pkg) && found()) return true;
  }
  console.error(`[test] ${label} not found. ${hint}`);
  return false;
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;

const totals = { passed: 0, failed: 0 };
const step = (name, fn) => {
  console.log(`\n[test] ── ${name}`);
  const r = fn();
  totals.passed += r.passed;
  totals.failed += r.failed;
  console.log(`[test] ${name}: ${r.passed} passed, ${r.failed} failed`);
};
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const work = mkdtempSync(join(tmpdir(), 'bynet-test-'));
try {
  const chromiumOk = ensureTool('Chromium', () => !!findChromium(), 'chromium',
    'Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium binary.');
  const redisOk = ensureTool('redis-server', () => which('redis-server'), 'redis-server',
    'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`); the Redis store tests need it.');
  if (!redisOk) process.env.BYNET_TEST_NO_REDIS = '1';

  step('typecheck (tsc)', () => (run('npx', ['tsc', '-p', 'tsconfig.json']) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }));

  step('README snippets typecheck', () => {
    const countsFile = join(work, 'snippets.json');
    const status = run('node', ['scripts/readme-snippets.mjs'], { README_SNIPPETS_COUNTS_FILE: countsFile });
    const r = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1 };
    if (status !== 0 && r.failed === 0) r.failed = 1;
    return { passed: r.passed, failed: r.failed };
  });

  step('node tests (node:test)', () => {
    const tap = join(work, 'node.tap');
    const status = run('node', [
      '--import', 'tsx', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...findTests('test/node'),
    ]);
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const num = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
    const r = { passed: num('pass'), failed: num('fail') + num('cancelled') };
    if (status !== 0 && r.failed === 0) r.failed = 1;
    return r;
  });

  step('build (vite)', () => (run('npm', ['run', '--silent', 'build']) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }));

  step('README API section matches custom-elements.json', () =>
    run('node', ['--import', 'tsx', 'scripts/docs.mjs', '--check']) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

  if (chromiumOk) {
    step('browser tests (web-test-runner, Chromium)', () => {
      const countsFile = join(work, 'wtr.json');
      const status = run('node', ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js'], { WTR_COUNTS_FILE: countsFile });
      const r = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1 };
      if (status !== 0 && r.failed === 0) r.failed = 1;
      return { passed: r.passed, failed: r.failed };
    });
    step('end-to-end scenarios (Playwright, real demo server)', () => {
      const countsFile = join(work, 'e2e.json');
      const status = run('node', ['scripts/e2e.mjs'], { E2E_COUNTS_FILE: countsFile });
      const r = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 1 };
      if (status !== 0 && r.failed === 0) r.failed = 1;
      return { passed: r.passed, failed: r.failed };
    });
  } else {
    totals.failed += 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
