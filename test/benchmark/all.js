#!/usr/bin/env node
// npm run bench [-- <runs>]: every benchmark in turn, each printing its own figures.
// <runs> is how many timed runs synth-speed takes; the others keep their defaults
// (validate-speed's one argument is a variable count, not a number of runs).
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const runs = process.argv.slice(2);
const benchmarks = [['synth-speed.js', runs], ['test-speed.js', []], ['validate-speed.js', []]];
for (const [script, args] of benchmarks) {
  const result = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
