#!/usr/bin/env node
// Runs a command from the compiled project (.build/), recompiling first only when
// a TypeScript source is newer than the last build: synth stays fast and never stale.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, '.build');
const stamp = path.join(buildDir, '.stamp');

const COMMANDS = {
  synth: 'charts/cli/synth.js',
  validate: 'charts/cli/validate.js',
  check: 'charts/cli/check.js',
  diff: 'charts/cli/diff.js',
  explain: 'charts/cli/explain.js',
  bootstrap: 'bootstrap/cli.js',
  connect: 'bootstrap/connect.js',
};

function newestSource(dir, newest) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(full, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  let newest = ['tsconfig.json', 'environments/schema.json', 'package-lock.json']
    .map((file) => fs.statSync(path.join(root, file)).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
  for (const dir of ['charts', 'bootstrap']) {
    if (fs.existsSync(path.join(root, dir))) newest = newestSource(path.join(root, dir), newest);
  }
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : -1;
  if (built >= newest) return;
  process.stderr.write('Compiling TypeScript (sources changed since the last build)...\n');
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  } catch {
    process.stderr.write('TypeScript compilation failed; see the errors above.\n');
    process.exit(1);
  }
  execFileSync(process.execPath, [path.join(buildDir, 'charts/config/compile-schema.js')], { stdio: 'inherit', cwd: root });
  fs.writeFileSync(stamp, '');
}

const [command, ...args] = process.argv.slice(2);
if (command === 'build') {
  ensureBuilt();
  process.exit(0);
}
if (!COMMANDS[command]) {
  process.stderr.write(`usage: node charts/run.js <build|${Object.keys(COMMANDS).join('|')}> [options]\n`);
  process.exit(2);
}
ensureBuilt();
const { runMain } = require(path.join(buildDir, 'charts/cli/exit.js'));
runMain(() => require(path.join(buildDir, COMMANDS[command])).main(args));
