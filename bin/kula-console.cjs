#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx kula-console` works right
// after `npm install`, without a build step.
'use strict';
const path = require('node:path');
const { register } = require('tsx/cjs/api');

register();
const { main } = require(path.join(__dirname, '..', 'src', 'main', 'cli', 'index.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`kula-console: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  },
);
