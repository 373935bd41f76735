#!/usr/bin/env node
// Prints, from one run on one machine (figures, not a test):
//  1. `npm run synth` of dev+prod against `kubectl kustomize` building the same folders
//     (what Flux runs); target: within 1.2x; with Node's own start-up beside it;
//  2. a fleet of 202 environments (dev, prod and 200 generated overlays of _base, in a
//     temp folder) against the dev+prod synth; targets: within 5x, 150 MB peak memory
//     (re-rendered over a current dist/, and, for reference, into an empty one);
//  3. `npm run explain` of one field against one synth of that environment; target: within 1x.
// Usage: npm run bench [-- <runs>]   (default 15 runs; medians; runs interleaved so that
// load from other processes falls on both sides of each ratio alike)
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const runs = Number(process.argv[2] ?? 15);
const FLEET = 200;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-gitops-bench-'));
const run = path.join(root, 'charts/run.js');

function timeOnce(command, args, env = process.env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${String(result.stderr).split('\n').slice(0, 10).join('\n')}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Peak resident memory of one run, from GNU time when present. */
function peakMemory(args) {
  const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = timed.status === 0 ? Number(timed.stderr.trim().split('\n').pop()) : NaN;
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

/** dev, prod, their base, and `count` overlays of the base that differ as teams' do. */
function writeFleet(dir, count) {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['_base.yaml', 'dev.yaml', 'prod.yaml']) fs.copyFileSync(path.join(root, 'environments', file), path.join(dir, file));
  for (let i = 0; i < count; i++) {
    const name = `team-${String(i).padStart(3, '0')}`;
    fs.writeFileSync(path.join(dir, `${name}.yaml`), [
      'extends: _base',
      `namespace: dask-${name}`,
      'cluster:',
      `  location: us-central1-${'abc'[i % 3]}`,
      `  name: dask-${name}`,
      'gitops:',
      `  tool: ${i % 2 === 0 ? 'flux' : 'argocd'}`,
      '  workerReplicas: git',
      'dask:',
      '  worker:',
      `    replicas: ${1 + (i % 5)}`,
      '    resources:',
      `      limits: {cpu: ${1 + (i % 4)}, memory: ${4 + (i % 8)}Gi}`,
      `      requests: {cpu: ${1 + (i % 4)}, memory: ${4 + (i % 8)}Gi}`,
      '',
    ].join('\n'));
  }
}

const out = path.join(scratch, 'dist');
const fleetDir = path.join(scratch, 'environments');
const fleetOut = path.join(scratch, 'fleet-dist');
writeFleet(fleetDir, FLEET);
const synthArgs = [run, 'synth', '--out', out];
const fleetArgs = [run, 'synth', '--environments', fleetDir, '--out', fleetOut];
const prodArgs = [run, 'synth', '--env', 'prod', '--out', out];
const explainArgs = [run, 'explain', '--env', 'prod', 'dask.worker.resources'];

// One untimed run of each compiles .build/ if needed and warms the file cache.
for (const args of [synthArgs, fleetArgs, prodArgs, explainArgs]) timeOnce(process.execPath, args);
const folders = fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'kustomization.yaml')));
const fleetFolders = fs.readdirSync(fleetOut).filter((f) => fs.existsSync(path.join(fleetOut, f, 'kustomization.yaml')));

// Node reads NODE_EXTRA_CA_CERTS when it starts, before any of our code runs, and with
// OpenSSL 3 that costs tens of milliseconds (nodejs/node#40524); where it is set, synth
// is also timed without it, as most users' machines run it.
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const withoutExtraCaCerts = { ...process.env };
delete withoutExtraCaCerts.NODE_EXTRA_CA_CERTS;

const times = { synth: [], kustomize: [], fleet: [], prod: [], explain: [], nodeStart: [], synthPlain: [], nodeStartPlain: [] };
for (let i = 0; i < runs; i++) {
  times.synth.push(timeOnce(process.execPath, synthArgs));
  times.kustomize.push(folders.reduce((sum, folder) => sum + timeOnce('kubectl', ['kustomize', path.join(out, folder)]), 0));
  times.nodeStart.push(timeOnce(process.execPath, ['-e', '0']));
  if (extraCaCerts) {
    times.synthPlain.push(timeOnce(process.execPath, synthArgs, withoutExtraCaCerts));
    times.nodeStartPlain.push(timeOnce(process.execPath, ['-e', '0'], withoutExtraCaCerts));
  }
  times.fleet.push(timeOnce(process.execPath, fleetArgs));
  times.prod.push(timeOnce(process.execPath, prodArgs));
  times.explain.push(timeOnce(process.execPath, explainArgs));
}
// The loop above re-renders into a dist/ that is already current, as after a change to
// one file (synth rewrites only folders that changed); these render into an empty one.
const fresh = [];
for (let i = 0; i < Math.min(runs, 3); i++) {
  fs.rmSync(fleetOut, { recursive: true, force: true });
  fresh.push(timeOnce(process.execPath, fleetArgs));
}
const peak = peakMemory(synthArgs);
const fleetPeak = peakMemory(fleetArgs);
const mib = (value) => (value === undefined ? 'n/a (needs GNU time at /usr/bin/time)' : `${Math.round(value)} MiB`);

const [s, k, f, p, e] = ['synth', 'kustomize', 'fleet', 'prod', 'explain'].map((key) => median(times[key]));
const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log(`${runs} runs each, interleaved, medians; load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
console.log(`dev+prod (${folders.join(', ')}):`);
console.log(`  npm run synth:        ${s.toFixed(0)} ms, peak memory ${mib(peak)}`);
console.log(`  kubectl kustomize:    ${k.toFixed(0)} ms (all folders, one after another)`);
console.log(`  ratio:                ${(s / k).toFixed(2)}x (target: at most 1.2x, ${verdict(s / k <= 1.2)})`);
console.log(`  of which Node starts: ${median(times.nodeStart).toFixed(0)} ms (node -e 0)`);
if (extraCaCerts) {
  const plain = median(times.synthPlain);
  console.log(`  NODE_EXTRA_CA_CERTS is set here (${extraCaCerts}); without it Node starts in ${median(times.nodeStartPlain).toFixed(0)} ms and`);
  console.log(`  npm run synth takes:  ${plain.toFixed(0)} ms, ${(plain / k).toFixed(2)}x (target: at most 1.2x, ${verdict(plain / k <= 1.2)})`);
}
console.log(`fleet (dev, prod and ${FLEET} overlays of _base: ${fleetFolders.length} folders):`);
console.log(`  npm run synth:        ${f.toFixed(0)} ms, peak memory ${mib(fleetPeak)} (target: at most 150 MB, ${verdict(fleetPeak !== undefined && fleetPeak * 1024 * 1024 <= 150e6)})`);
console.log(`  against dev+prod:     ${(f / s).toFixed(2)}x (target: at most 5x, ${verdict(f / s <= 5)}), dist/ already current`);
console.log(`  into an empty dist/:  ${median(fresh).toFixed(0)} ms, ${(median(fresh) / s).toFixed(2)}x (${fresh.length} runs: every folder written)`);
console.log('explain --env prod dask.worker.resources:');
console.log(`  npm run explain:      ${e.toFixed(0)} ms`);
console.log(`  synth --env prod:     ${p.toFixed(0)} ms`);
console.log(`  ratio:                ${(e / p).toFixed(2)}x (target: at most 1x, ${verdict(e <= p)})`);
fs.rmSync(scratch, { recursive: true, force: true });
