// Writes the browser run's pass/fail counts to a JSON file (WTR_COUNTS_FILE) for scripts/test.mjs,
// and prints a plain "N passed, N failed" line when run on its own.
import { writeFileSync } from 'node:fs';

function count(suite, acc) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite?.suites ?? []) count(s, acc);
  return acc;
}

export function countsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        count(s.testResults, acc);
        // A file that failed to load or threw outside a test has no results: count it as a failure.
        if (!s.passed && (s.errors?.length || !s.testResults)) acc.failed++;
      }
      if (process.env.WTR_COUNTS_FILE) writeFileSync(process.env.WTR_COUNTS_FILE, JSON.stringify(acc));
      else process.once('exit', () => process.stdout.write(`\n${acc.passed} passed, ${acc.failed} failed\n`));
    },
  };
}
