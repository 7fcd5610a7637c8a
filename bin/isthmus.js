#!/usr/bin/env node
'use strict';
// The CLI is compiled from src/cli/main.ts by `npm run build` (tsconfig.build.json: src → dist).
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    console.error('isthmus: dist/cli/main.js is missing; run `npm run build` first');
    process.exit(2);
  }
  throw e;
}
cli.main();
