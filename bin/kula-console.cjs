#!/usr/bin/env node
// Runs the bundled CLI (out/cli/kula-console.cjs), which `npm install` and `npm run build` write
// (scripts/build-cli.mjs), so no TypeScript is compiled at launch.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'out', 'cli', 'kula-console.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'kula-console: the command is not built yet. Run `npm run build:cli` (or `npm install`) in the checkout, then try again.\n',
  );
  process.exitCode = 1;
} else {
  require(bundle);
}
