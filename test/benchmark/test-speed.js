// Prints how long `npm test` takes: the type check (tsc -p test, incremental) and jest,
// each from nothing (a fresh clone: no .tsbuildinfo, an empty jest cache) and again with
// what the first run left. The target: the
// whole of npm test within 60 s on a 2-core machine. Figures, not a test; the load
// average is printed because a shared machine slows every figure.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function timed(root, args, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr.slice(-4000)}`);
  return seconds;
}

const root = path.resolve(__dirname, '../..');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-gitops-jest-cache-'));
const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');
try {
  const loadBefore = load();
  const tsc = [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'test', '--tsBuildInfoFile', path.join(cache, 'test.tsbuildinfo')];
  const typecheckCold = timed(root, tsc);
  const typecheckWarm = timed(root, tsc);
  const jest = [path.join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--cacheDirectory', cache];
  // As `npm test` runs on a developer's machine: integration tests run when their programs are there.
  const cold = timed(root, jest, { REQUIRE_INTEGRATION: '' });
  const warm = timed(root, jest, { REQUIRE_INTEGRATION: '' });
  console.log(`npm test, type check: ${typecheckCold.toFixed(1)} s from nothing, ${typecheckWarm.toFixed(1)} s incremental (tsc -p test)`);
  console.log(`npm test, jest:       ${cold.toFixed(1)} s with an empty cache, ${warm.toFixed(1)} s with a filled one`);
  console.log(`npm test, total:      ${(typecheckCold + cold).toFixed(1)} s from a fresh clone, ${(typecheckWarm + warm).toFixed(1)} s after (target: at most 60 s on 2 cores)`);
  console.log(`machine:              ${os.cpus().length} cores, load average ${loadBefore} before, ${load()} after`);
} finally {
  fs.rmSync(cache, { recursive: true, force: true });
}
