#!/usr/bin/env node
// Prints how long `npm run validate` takes on a rendered Deployment with 60k
// environment variables (target: seconds; the per-key check was quadratic and
// ran past 10 minutes). synth refuses such an object (over 1 MiB), so the folder
// is written here directly, as synth would lay it out. Figures, not a test.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { stringify } = require('yaml');

const root = path.resolve(__dirname, '../..');
const variables = Number(process.argv[2] ?? 60000);
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-gitops-bench-validate-'));

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'dask-worker', namespace: 'bench' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'dask-worker' } },
    template: {
      metadata: { labels: { app: 'dask-worker' } },
      spec: {
        containers: [{
          name: 'worker',
          image: 'ghcr.io/dask/dask:2025.11.0',
          env: Array.from({ length: variables }, (_, i) => ({ name: `VARIABLE_${i}`, value: String(i) })),
        }],
      },
    },
  },
};
fs.mkdirSync(path.join(dist, 'bench'));
// Block YAML, as synth writes it (charts/render.ts toYaml).
fs.writeFileSync(path.join(dist, 'bench', 'deployment-dask-worker.yaml'), stringify(deployment, { lineWidth: 0 }));
fs.writeFileSync(path.join(dist, 'bench', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment-dask-worker.yaml\n');

// Build first, untimed, so the figure is validate's alone.
spawnSync(process.execPath, [path.join(root, 'charts/run.js'), 'build'], { cwd: root, stdio: 'inherit' });
const start = process.hrtime.bigint();
const result = spawnSync(process.execPath, [path.join(root, 'charts/run.js'), 'validate', '--dist', dist], { cwd: root, encoding: 'utf8' });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
// Of which kubectl's own build of the folder, which validate runs too.
const kubectlStart = process.hrtime.bigint();
const kubectl = spawnSync('kubectl', ['kustomize', path.join(dist, 'bench')], { stdio: 'ignore' });
const kubectlSeconds = kubectl.status === 0 ? (Number(process.hrtime.bigint() - kubectlStart) / 1e9).toFixed(1) : 'n/a';
fs.rmSync(dist, { recursive: true, force: true });
if (result.status !== 0) {
  process.stderr.write(`validate failed:\n${result.stdout}${result.stderr}`);
  process.exit(1);
}
console.log(`npm run validate, ${variables} env vars: ${seconds.toFixed(1)} s (target: seconds; kubectl kustomize of that folder alone: ${kubectlSeconds} s)`);
