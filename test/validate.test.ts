import { cpSync, writeFileSync } from 'fs';
import { join } from 'path';
import { main } from '../charts/cli/validate';
import { CommandFailed } from '../charts/cli/exit';
import { findKubectl, validateDist } from '../charts/validate/validate-dist';
import { captured, edit, REPO_ROOT, scratchProject } from './support/gitops-fixtures';
import { requireProgram } from './support/require-program';
import { tempDir } from './support/temp-dirs';
import { fileTree } from './support/file-tree';

let rendered: string;
beforeAll(async () => {
  rendered = join(await scratchProject('validate'), 'dist');
});

/** A fresh copy of the shipped render, to break by hand. */
function freshDist(): string {
  const dist = join(tempDir('dask-gitops-validate-'), 'dist');
  cpSync(rendered, dist, { recursive: true });
  return dist;
}

/** The problems as the command prints them, without the dist/ prefix. */
function problemLines(dist: string, kubectl?: string): string[] {
  return validateDist(dist, { kubectl }).problems.map((problem) => `${problem.file}: ${problem.field}: ${problem.message}`);
}

describe('validateDist on the shipped render', () => {
  test('finds nothing wrong in any file, sync objects included', () => {
    const report = validateDist(rendered);
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(Object.keys(fileTree(rendered)).length);
    expect(Object.keys(fileTree(rendered))).toEqual(expect.arrayContaining(['gitops/dev/kustomization-dask-dev.yaml', 'gitops/prod/application-dask-prod.yaml']));
  });

  test('the committed dist/ is valid too', () => {
    expect(validateDist(join(REPO_ROOT, 'dist')).problems).toEqual([]);
  });
});

// One hand-broken manifest of each kind: the file is named, the field path and the problem said.
describe.each([
  ['a string where an integer belongs', 'prod/deployment-dask-worker.yaml', 'replicas: 6', 'replicas: "6"',
    ['prod/deployment-dask-worker.yaml: spec.replicas: must be an integer, not the string "6"']],
  ['a misspelt required field', 'dev/deployment-dask-worker.yaml', '          name: dask-worker\n', '          nmae: dask-worker\n', [
    'dev/deployment-dask-worker.yaml: spec.template.spec.containers[0].name: missing required field ("nmae" is not a field: a typo?)',
    'dev/deployment-dask-worker.yaml: spec.template.spec.containers[0].nmae: unknown field: Deployment (apps/v1) has no such field here; did you mean "name"?',
  ]],
  ['a misspelt optional field', 'prod/deployment-dask-scheduler.yaml', 'imagePullPolicy:', 'imagePullPolcy:',
    ['prod/deployment-dask-scheduler.yaml: spec.template.spec.containers[0].imagePullPolcy: unknown field: Deployment (apps/v1) has no such field here; did you mean "imagePullPolicy"?']],
  ['a Service port that is not a number', 'prod/service-dask-scheduler.yaml', 'port: 8786', 'port: eighty',
    ['prod/service-dask-scheduler.yaml: spec.ports[0].port: must be an integer, not the string "eighty"']],
  ['a Service targetPort that is neither a name nor a number', 'prod/service-dask-scheduler.yaml', /targetPort: \S+/, 'targetPort: true',
    ['prod/service-dask-scheduler.yaml: spec.ports[0].targetPort: must be a string or an integer, not the boolean true']],
  ['a Role verb that is not a list', 'dev/role-dask-jupyter.yaml', /verbs:\n( {6}- \S+\n)+/, 'verbs: get\n',
    ['dev/role-dask-jupyter.yaml: rules[0].verbs: must be a list, not the string "get"']],
  ['an Ingress path type outside its enum', 'prod/ingress-dask-jupyter.yaml', 'pathType: Prefix', 'pathType: Prefixed',
    ['prod/ingress-dask-jupyter.yaml: spec.rules[0].http.paths[0].pathType: must be one of Exact, ImplementationSpecific, Prefix, not the string "Prefixed"']],
  ['a Namespace label that is not a string', 'dev/namespace-dask-dev.yaml', 'app.kubernetes.io/instance: dask', 'app.kubernetes.io/instance: 3',
    ['dev/namespace-dask-dev.yaml: metadata.labels["app.kubernetes.io/instance"]: must be a string, not the number 3']],
  ['a Flux Kustomization whose prune is not a boolean', 'gitops/dev/kustomization-dask-dev.yaml', 'prune: true', 'prune: "yes"',
    ['gitops/dev/kustomization-dask-dev.yaml: spec.prune: must be a boolean, not the string "yes"']],
  ['a Flux Kustomization with sourceRef misspelt', 'gitops/dev/kustomization-dask-dev.yaml', '  sourceRef:', '  sourceRefs:', [
    'gitops/dev/kustomization-dask-dev.yaml: spec.sourceRef: missing required field ("sourceRefs" is not a field: a typo?)',
    'gitops/dev/kustomization-dask-dev.yaml: spec.sourceRefs: unknown field: Kustomization (kustomize.toolkit.fluxcd.io/v1) has no such field here; did you mean "sourceRef"?',
  ]],
  ['a Flux GitRepository without its url', 'gitops/dev/gitrepository-dask-dev.yaml', /  url: .*\n/, '',
    ['gitops/dev/gitrepository-dask-dev.yaml: spec.url: missing required field']],
  ['an Argo CD Application with destination misspelt', 'gitops/prod/application-dask-prod.yaml', '  destination:', '  destinaton:', [
    'gitops/prod/application-dask-prod.yaml: spec.destination: missing required field ("destinaton" is not a field: a typo?)',
    'gitops/prod/application-dask-prod.yaml: spec.destinaton: unknown field: Application (argoproj.io/v1alpha1) has no such field here; did you mean "destination"?',
  ]],
  ['a Flux GitRepository on source.toolkit.fluxcd.io/v1beta2, which Flux v2.9 no longer serves', 'gitops/dev/gitrepository-dask-dev.yaml',
    'source.toolkit.fluxcd.io/v1', 'source.toolkit.fluxcd.io/v1beta2',
    ['gitops/dev/gitrepository-dask-dev.yaml: apiVersion: source.toolkit.fluxcd.io/v1beta2 is not served by the gitrepositories.source.toolkit.fluxcd.io CRD of flux v2.9.0: use source.toolkit.fluxcd.io/v1']],
  ['a Flux Kustomization ignore rule without its paths', 'gitops/dev/kustomization-dask-dev.yaml', /    - paths:\n        - \/spec\/replicas\n      target:/, '    - target:',
    ['gitops/dev/kustomization-dask-dev.yaml: spec.ignore[0].paths: missing required field']],
  ['a Flux Kustomization ignore target with a field selectors lack', 'gitops/dev/kustomization-dask-dev.yaml', '        kind: Deployment\n        name: dask-worker', '        kind: Deployment\n        nam: dask-worker',
    ['gitops/dev/kustomization-dask-dev.yaml: spec.ignore[0].target.nam: unknown field: Kustomization (kustomize.toolkit.fluxcd.io/v1) has no such field here; did you mean "name"?']],
  ['a Flux object pinned to a release whose CRDs are not vendored', 'gitops/dev/kustomization-dask-dev.yaml', 'controller-version: flux v2.9.0', 'controller-version: flux v2.3.0',
    ['gitops/dev/kustomization-dask-dev.yaml: apiVersion: no CRDs are vendored for flux v2.3.0: the Kustomization CRD is vendored for flux v2.9.0 (charts/validate/crds/)']],
  ['an Argo CD Application with a status (never rendered)', 'gitops/prod/application-dask-prod.yaml', 'spec:\n', 'status: {health: {status: Healthy}}\nspec:\n',
    ['gitops/prod/application-dask-prod.yaml: status: unknown field: Application (argoproj.io/v1alpha1) has no such field here']],
  ['an Argo CD Application whose selfHeal is a number', 'gitops/prod/application-dask-prod.yaml', 'selfHeal: true', 'selfHeal: 1',
    ['gitops/prod/application-dask-prod.yaml: spec.syncPolicy.automated.selfHeal: must be a boolean, not the number 1']],
])('%s', (_what, file, from, to, expected) => {
  test('is caught, naming the file and the field', () => {
    const dist = freshDist();
    edit(join(dist, file), from, to);
    expect(problemLines(dist)).toEqual(expected);
  });
});

describe('Prometheus Operator monitors', () => {
  test('a ServiceMonitor and a PodMonitor are checked against their CRD schemas', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'prod', 'servicemonitor-dask.yaml'), 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: dask\nspec:\n  endpoints: {port: dashboard}\n  selector: {}\n');
    writeFileSync(join(dist, 'prod', 'podmonitor-dask.yaml'), 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata:\n  name: dask\nspec:\n  podMetricsEndpoints:\n    - port: dashboard\n      interval: 30\n  selector: {}\n');
    edit(join(dist, 'prod', 'kustomization.yaml'), '  - namespace-dask-prod.yaml\n', '  - namespace-dask-prod.yaml\n  - podmonitor-dask.yaml\n  - servicemonitor-dask.yaml\n');
    expect(problemLines(dist)).toEqual([
      'prod/podmonitor-dask.yaml: spec.podMetricsEndpoints[0].interval: must be a string, not the number 30',
      'prod/servicemonitor-dask.yaml: spec.endpoints: must be a list, not a mapping',
    ]);
  });
});

describe('vendored CRDs', () => {
  test('a field under x-kubernetes-preserve-unknown-fields is free-form; one beside it is not', () => {
    const dist = freshDist();
    edit(join(dist, 'gitops', 'prod', 'application-dask-prod.yaml'), '    path: dist/prod\n',
      '    path: dist/prod\n    helm:\n      valuesObject: {anything: {goes: here}}\n      valuesObjekt: {}\n');
    expect(problemLines(dist)).toEqual([
      'gitops/prod/application-dask-prod.yaml: spec.source.helm.valuesObjekt: unknown field: Application (argoproj.io/v1alpha1) has no such field here; did you mean "valuesObject"?',
    ]);
  });

  test('a PodMonitor on an API version the CRD does not serve', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'prod', 'podmonitor-dask.yaml'), 'apiVersion: monitoring.coreos.com/v1beta1\nkind: PodMonitor\nmetadata:\n  name: dask\nspec: {selector: {}}\n');
    edit(join(dist, 'prod', 'kustomization.yaml'), '  - namespace-dask-prod.yaml\n', '  - namespace-dask-prod.yaml\n  - podmonitor-dask.yaml\n');
    expect(problemLines(dist)).toEqual([
      'prod/podmonitor-dask.yaml: apiVersion: monitoring.coreos.com/v1beta1 is not served by the podmonitors.monitoring.coreos.com CRD of prometheus-operator v0.93.0: use monitoring.coreos.com/v1',
    ]);
  });
});

describe('files that are not what they should be', () => {
  test('an unknown kind is an error, not a silent pass', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'dev', 'widget-w.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    edit(join(dist, 'dev', 'kustomization.yaml'), '  - namespace-dask-dev.yaml\n', '  - namespace-dask-dev.yaml\n  - widget-w.yaml\n');
    expect(problemLines(dist)).toEqual([
      'dev/widget-w.yaml: kind: no schema for Widget (example.com/v1): not a Kubernetes kind, nor one of the Flux, Argo CD or Prometheus Operator CRDs vendored under charts/validate/crds/; fix apiVersion/kind, or vendor its CRD (charts/gitops/controller-versions.ts)',
    ]);
  });

  test('a file that is not YAML is named with the line', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'dev', 'service-dask-jupyter.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n');
    expect(problemLines(dist)[0]).toMatch(/^dev\/service-dask-jupyter\.yaml: line \d+, column \d+: not valid YAML: /);
  });

  test('an empty file', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'dev', 'service-dask-jupyter.yaml'), '# nothing here\n');
    expect(problemLines(dist)).toEqual(['dev/service-dask-jupyter.yaml: (file): holds no Kubernetes object']);
  });

  test('an object without apiVersion, kind or name', () => {
    const dist = freshDist();
    writeFileSync(join(dist, 'dev', 'service-dask-jupyter.yaml'), 'metadata: {}\n');
    writeFileSync(join(dist, 'dev', 'service-dask-scheduler.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {}\n');
    expect(problemLines(dist)).toEqual([
      'dev/service-dask-jupyter.yaml: apiVersion: missing required field',
      'dev/service-dask-jupyter.yaml: kind: missing required field',
      'dev/service-dask-scheduler.yaml: metadata.name: missing required field',
    ]);
  });

  test('a kustomization.yaml listing a file that is not there, and a file it does not list', () => {
    const dist = freshDist();
    edit(join(dist, 'dev', 'kustomization.yaml'), '  - service-dask-jupyter.yaml\n', '  - service-dask-jupyterr.yaml\n');
    expect(problemLines(dist)).toEqual([
      'dev/kustomization.yaml: resources[7]: service-dask-jupyterr.yaml does not exist in dev/',
      'dev/service-dask-jupyter.yaml: (file): not listed in dev/kustomization.yaml resources: no controller applies it',
    ]);
  });

  test('a sync object pointing at a folder that is not rendered', () => {
    const dist = freshDist();
    edit(join(dist, 'gitops', 'prod', 'application-dask-prod.yaml'), 'path: dist/prod', 'path: dist/staging');
    expect(problemLines(dist)).toEqual([
      'gitops/prod/application-dask-prod.yaml: spec.source.path: "dist/staging" is not a folder of rendered manifests under dist/: the controller would find nothing to apply',
    ]);
  });

  test('sync objects naming Deployments the folder does not have', () => {
    const dist = freshDist();
    edit(join(dist, 'gitops', 'dev', 'kustomization-dask-dev.yaml'), 'name: dask-jupyter', 'name: jupyter');
    expect(problemLines(dist)).toEqual([
      'gitops/dev/kustomization-dask-dev.yaml: spec.healthChecks[2]: Deployment jupyter is not an object in dev/',
    ]);
  });

  test('a Flux ignore rule targeting a Deployment the folder does not have', () => {
    const dist = freshDist();
    edit(join(dist, 'gitops', 'dev', 'kustomization-dask-dev.yaml'), '        name: dask-worker\n', '        name: dask-workers\n');
    expect(problemLines(dist)).toEqual([
      'gitops/dev/kustomization-dask-dev.yaml: spec.ignore[0].target: Deployment dask-workers is not an object in dev/',
    ]);
  });

  test('validating writes nothing', () => {
    const dist = freshDist();
    edit(join(dist, 'prod', 'deployment-dask-worker.yaml'), 'replicas: 6', 'replicas: "6"');
    const before = fileTree(dist);
    validateDist(dist, { kubectl: findKubectl() });
    expect(fileTree(dist)).toEqual(before);
  });
});

describe('kubectl kustomize builds', () => {
  const hasKubectl = requireProgram('kubectl', 'validate\'s kubectl kustomize builds');
  const withKubectl = hasKubectl ? test : test.skip;

  withKubectl('every folder builds, and the Flux Kustomization\'s view of dist/dev too', () => {
    const report = validateDist(rendered, { kubectl: findKubectl() });
    expect(report.problems).toEqual([]);
    // dev, prod, gitops/dev, gitops/prod, bootstrap/dev, bootstrap/prod, and dev as its Flux Kustomization applies it.
    expect(report.builds).toBe(7);
  });

  withKubectl('a folder kustomize cannot build is named', () => {
    const dist = freshDist();
    edit(join(dist, 'dev', 'kustomization.yaml'), 'kind: Kustomization\n', 'kind: Kustomization\nnamePrefix: [x]\n');
    const lines = problemLines(dist, findKubectl());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dev: kubectl kustomize: /);
  });

  withKubectl('a Flux patch that does not apply to the folder is caught with the Flux Kustomization named', () => {
    const dist = freshDist();
    // synth renders no patches; a hand-added one that cannot apply must still be caught.
    const patch = '  patches:\n    - patch: "- op: remove\\n  path: /spec/replica\\n"\n      target: {kind: Deployment, name: dask-worker}\n  path: ./dist/dev';
    edit(join(dist, 'gitops', 'dev', 'kustomization-dask-dev.yaml'), '  path: ./dist/dev', patch);
    const lines = problemLines(dist, findKubectl());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gitops\/dev\/kustomization-dask-dev\.yaml: spec: kubectl kustomize of dev\/ as this Kustomization applies it \(patches, targetNamespace\) failed: .*replica/);
  });
});

describe('npm run validate', () => {
  test('prints ERROR - <file>: <field>: <problem> lines and a summary, and fails', async () => {
    const root = tempDir('dask-gitops-validate-cli-');
    cpSync(rendered, join(root, 'dist'), { recursive: true });
    edit(join(root, 'dist', 'prod', 'deployment-dask-worker.yaml'), 'replicas: 6', 'replicas: "6"');
    edit(join(root, 'dist', 'gitops', 'prod', 'application-dask-prod.yaml'), 'selfHeal: true', 'selfHeal: 1');
    const result = await captured(() => main([], root));
    expect(result.error).toBeInstanceOf(CommandFailed);
    expect(result.error?.message).toBe('dist/ is not valid: fix the errors above (in environments/ or charts/, then npm run synth)');
    expect(result.err.split('\n')).toEqual([
      'ERROR - dist/gitops/prod/application-dask-prod.yaml: spec.syncPolicy.automated.selfHeal: must be a boolean, not the number 1',
      'ERROR - dist/prod/deployment-dask-worker.yaml: spec.replicas: must be an integer, not the string "6"',
      '',
    ]);
    expect(result.out).toContain(`${Object.keys(fileTree(rendered)).length} files checked, 2 errors\n`);
  });

  test('passes on a valid dist/', async () => {
    const root = tempDir('dask-gitops-validate-cli-');
    cpSync(rendered, join(root, 'dist'), { recursive: true });
    const result = await captured(() => main(['--dist', 'dist'], root));
    expect(result.error).toBeUndefined();
    expect(result.out).toContain(`${Object.keys(fileTree(rendered)).length} files checked, 0 errors\n`);
  });

  test('fails when there is nothing to check', async () => {
    const root = tempDir('dask-gitops-validate-cli-');
    const result = await captured(() => main([], root));
    expect(result.error?.message).toBe('no YAML files under dist/: run npm run synth first');
  });

  describe('without kubectl', () => {
    const savedPath = process.env.PATH;
    const savedRequire = process.env.REQUIRE_INTEGRATION;
    afterEach(() => {
      process.env.PATH = savedPath;
      if (savedRequire === undefined) delete process.env.REQUIRE_INTEGRATION;
      else process.env.REQUIRE_INTEGRATION = savedRequire;
    });

    test('skips the builds with a note', async () => {
      const root = tempDir('dask-gitops-validate-cli-');
      cpSync(rendered, join(root, 'dist'), { recursive: true });
      process.env.PATH = tempDir('dask-gitops-empty-path-');
      delete process.env.REQUIRE_INTEGRATION;
      const result = await captured(() => main([], root));
      expect(result.error).toBeUndefined();
      expect(result.out).toContain('note: kubectl not found on PATH: skipping the kubectl kustomize builds\n');
    });

    test('fails under REQUIRE_INTEGRATION=1', async () => {
      const root = tempDir('dask-gitops-validate-cli-');
      cpSync(rendered, join(root, 'dist'), { recursive: true });
      process.env.PATH = tempDir('dask-gitops-empty-path-');
      process.env.REQUIRE_INTEGRATION = '1';
      const result = await captured(() => main([], root));
      expect(result.error?.message).toBe('kubectl not found on PATH: skipping the kubectl kustomize builds (REQUIRE_INTEGRATION=1 makes this a failure)');
    });
  });

  test('refuses an unknown option', async () => {
    const result = await captured(() => main(['--fast'], REPO_ROOT));
    expect(result.error?.message).toBe("unknown option '--fast' (did you mean '--dist'?); allowed: --dist <dir>, --help");
  });
});
