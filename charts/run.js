#!/usr/bin/env node
// Runs a command from the compiled project (.build/), compiling first when the sources'
// content differs from what .build/ was compiled from (charts/build.js decides). Bundled
// commands (charts/commands.js) run from their one-file bundle with V8's code cache.
'use strict';
const fs = require('fs');
const path = require('path');
const { BuildFailed, ensureBuilt } = require('./build');
const { requireBundle } = require('./code-cache');
const { COMMANDS, bundleFile } = require('./commands');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, '.build');

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
const { module: commandModule, bundled } = COMMANDS[command];
if (!fs.existsSync(path.join(buildDir, commandModule))) {
  process.stderr.write(`error: ${commandModule.replace(/\.js$/, '.ts')} is gone: '${command}' is not a command of this project\n`);
  process.exit(2);
}
const { runMain, main } = bundled
  ? requireBundle(path.join(buildDir, bundleFile(command)))
  : { runMain: require(path.join(buildDir, 'charts/cli/exit.js')).runMain, main: require(path.join(buildDir, commandModule)).main };
runMain(() => main(args));
