#!/usr/bin/env node
// Runs a command from the compiled project (.build/), compiling first when the sources'
// content differs from what .build/ was compiled from (charts/build.js decides).
'use strict';
const fs = require('fs');
const path = require('path');
const { BuildFailed, ensureBuilt } = require('./build');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, '.build');

const COMMANDS = {
  synth: 'charts/cli/synth.js',
  validate: 'charts/cli/validate.js',
  check: 'charts/cli/check.js',
  diff: 'charts/cli/diff.js',
  explain: 'charts/cli/explain.js',
  password: 'charts/cli/password.js',
  bootstrap: 'bootstrap/cli.js',
  connect: 'bootstrap/connect.js',
};

function build() {
  try {
    ensureBuilt(root);
  } catch (error) {
    if (!(error instanceof BuildFailed)) throw error;
    process.exit(1);
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'build') {
  build();
  process.exit(0);
}
if (!COMMANDS[command]) {
  process.stderr.write(`usage: node charts/run.js <build|${Object.keys(COMMANDS).join('|')}> [options]\n`);
  process.exit(2);
}
build();
if (!fs.existsSync(path.join(buildDir, COMMANDS[command]))) {
  process.stderr.write(`error: ${COMMANDS[command].replace(/\.js$/, '.ts')} is gone: '${command}' is not a command of this project\n`);
  process.exit(2);
}
const { runMain } = require(path.join(buildDir, 'charts/cli/exit.js'));
runMain(() => require(path.join(buildDir, COMMANDS[command])).main(args));
