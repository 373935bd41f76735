#!/usr/bin/env node
// Prints how long `npm run synth` takes to render every environment, against
// `kubectl kustomize` building the same folders (what Flux runs), and synth's
// peak memory. The target: synth within 2x of kustomize. Figures, not a test.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const runs = Number(process.argv[2] ?? 15);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-gitops-bench-'));

function timeOnce(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// One untimed run compiles .build/ if needed and warms the file cache.
const synthArgs = [path.join(root, 'charts/run.js'), 'synth', '--out', out];
timeOnce(process.execPath, synthArgs);
const folders = fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'kustomization.yaml')));

const synth = [];
const kustomize = [];
for (let i = 0; i < runs; i++) {
  synth.push(timeOnce(process.execPath, synthArgs));
  kustomize.push(folders.reduce((sum, folder) => sum + timeOnce('kubectl', ['kustomize', path.join(out, folder)]), 0));
}

// Peak resident memory of one synth, from GNU time when present.
const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...synthArgs], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
const peakKb = timed.status === 0 ? Number(timed.stderr.trim().split('\n').pop()) : NaN;
const peak = Number.isFinite(peakKb) ? `${Math.round(peakKb / 1024)} MiB` : 'n/a (needs GNU time at /usr/bin/time)';

const s = median(synth);
const k = median(kustomize);
console.log(`environments: ${folders.join(', ')} (${runs} runs, medians)`);
console.log(`npm run synth:        ${s.toFixed(0)} ms`);
console.log(`kubectl kustomize:    ${k.toFixed(0)} ms (all folders, one after another)`);
console.log(`ratio:                ${(s / k).toFixed(2)}x (target: at most 2x)`);
console.log(`synth peak memory:    ${peak}`);
fs.rmSync(out, { recursive: true, force: true });
