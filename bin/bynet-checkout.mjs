#!/usr/bin/env node
// `npx bynet-checkout doctor`: runs the built CLI (see src/cli/doctor.ts for what it checks).
import { main } from '../dist/esm/cli.js';

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`bynet-checkout: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
