import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import { findProgram } from '../cli/find-program';
import { DIST_DIR } from '../gitops/names';
import { KUSTOMIZATION_FILE, KUSTOMIZE_CONFIG_GROUP, parseDocuments } from '../rendered-folder';
import { folderOf, listFiles, nameOf } from './files';
import { schemaFor } from './model-registry';
import { schemaProblems } from './schema-problems';
import { formatPath, isPlainObject } from '../config/json-path';

/** One `ERROR - <file>: <field path>: <problem>` line. */
export interface DistProblem {
  /** Relative to dist/, `/`-separated; a folder's path for a build failure. */
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** The kubectl to build folders with; undefined skips the builds. */
  readonly kubectl?: string;
}

export interface ValidateReport {
  /** YAML files read. */
  readonly files: number;
  /** Folders built with kubectl kustomize, each environment's and each Flux Kustomization's view of one. */
  readonly builds: number;
  readonly problems: readonly DistProblem[];
}

const FLUX_KUSTOMIZATION = /^kustomize\.toolkit\.fluxcd\.io\/v1(beta\d+)?$/;
const ARGO_APPLICATION = 'argoproj.io/v1alpha1';

/** An object read from dist/: enough to resolve the references sync objects make. */
interface ObjectRecord {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly data: Record<string, unknown>;
}

/**
 * Checks every YAML file under `distDir` offline: each object against its kind's
 * schema (Kubernetes, Flux, Argo CD, Prometheus Operator), unknown fields included;
 * each folder's kustomization.yaml against the files beside it; each sync object's
 * path and names against the folder it applies; and, with kubectl, builds every
 * folder as kustomize, and as each Flux Kustomization would (its patches and
 * targetNamespace). Never writes under `distDir`.
 */
export function validateDist(distDir: string, options: ValidateOptions = {}): ValidateReport {
  const problems: DistProblem[] = [];
  const report = (file: string, field: string, message: string) => problems.push({ file, field, message });
  const files = listFiles(distDir).filter((file) => /\.ya?ml$/.test(file));
  const objects: ObjectRecord[] = [];
  const kustomizations = new Map<string, Record<string, unknown>>();

  for (const file of files) {
    const documents = readDocuments(join(distDir, file), (field, message) => report(file, field, message));
    if (documents.length === 0 && !problems.some((problem) => problem.file === file)) report(file, '(file)', 'holds no Kubernetes object');
    documents.forEach((data, index) => {
      const where = (field: string) => (documents.length > 1 ? `(document ${index + 1}) ${field}` : field);
      const add = (field: string, message: string) => report(file, where(field), message);
      if (!isPlainObject(data)) {
        add('(document)', `expected a Kubernetes object, found ${data === null ? 'an empty document' : typeof data}`);
        return;
      }
      const { apiVersion, kind } = data;
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        if (typeof apiVersion !== 'string') add('apiVersion', 'missing required field');
        if (typeof kind !== 'string') add('kind', 'missing required field');
        return;
      }
      if (apiVersion.startsWith(KUSTOMIZE_CONFIG_GROUP)) {
        if (nameOf(file) !== KUSTOMIZATION_FILE || documents.length > 1) add('kind', `a kustomize ${kind} must be the only document of a file named ${KUSTOMIZATION_FILE}`);
        else kustomizations.set(folderOf(file), data);
        return;
      }
      const schema = schemaFor(apiVersion, kind, data);
      if (!schema) {
        add('kind', `no schema for ${kind} (${apiVersion}): not a Kubernetes kind, nor one of the Flux, Argo CD or Prometheus Operator CRDs vendored under charts/validate/crds/; fix apiVersion/kind, or vendor its CRD (charts/gitops/controller-versions.ts)`);
        return;
      }
      if ('problem' in schema) {
        add('apiVersion', schema.problem);
        return;
      }
      for (const problem of schemaProblems(schema.check, data, apiVersion, kind)) add(problem.field, problem.message);
      const metadata = isPlainObject(data.metadata) ? data.metadata : {};
      if (typeof metadata.name !== 'string' || metadata.name === '') add('metadata.name', 'missing required field');
      else objects.push({ file, apiVersion, kind, name: metadata.name, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined, data });
    });
  }

  const folders = new Set(files.map(folderOf));
  for (const folder of [...folders].sort()) {
    const config = kustomizations.get(folder);
    if (config === undefined) {
      const shown = folder === '' ? 'dist/ itself' : `${folder}/`;
      for (const file of files.filter((candidate) => folderOf(candidate) === folder)) {
        report(file, '(file)', `${shown} has no ${KUSTOMIZATION_FILE}: nothing applies this file`);
      }
    } else {
      checkResources(distDir, folder, config, files, report);
    }
  }
  for (const object of objects) checkSyncReferences(object, objects, kustomizations, report);

  let builds = 0;
  if (options.kubectl) {
    const broken = new Set<string>();
    for (const folder of [...kustomizations.keys()].sort()) {
      builds++;
      const failure = kustomizeBuild(options.kubectl, join(distDir, folder));
      if (failure) {
        broken.add(folder);
        report(folder === '' ? '.' : folder, 'kubectl kustomize', failure);
      }
    }
    for (const object of objects.filter(isFluxKustomization)) {
      const target = syncTarget(object);
      // A folder that does not build on its own was reported already.
      if (target === undefined || !kustomizations.has(target) || broken.has(target)) continue;
      builds++;
      const failure = fluxBuild(options.kubectl, join(distDir, target), object.data.spec as Record<string, unknown>);
      if (failure) report(object.file, 'spec', `kubectl kustomize of ${target}/ as this Kustomization applies it (patches, targetNamespace) failed: ${failure}`);
    }
  }
  return { files: files.length, builds, problems };
}

/** kubectl on PATH, or undefined. */
export function findKubectl(): string | undefined {
  return findProgram('kubectl');
}

/** The file's documents; its YAML errors are reported, each with its line and column. */
function readDocuments(path: string, report: (field: string, message: string) => void): unknown[] {
  const { documents, errors } = parseDocuments(readFileSync(path, 'utf8'));
  for (const error of errors) report(`line ${error.line}, column ${error.column}`, `not valid YAML: ${error.message}`);
  return documents.map((document) => document.value);
}

/** Every resources entry exists, and every YAML file beside kustomization.yaml is listed. */
function checkResources(distDir: string, folder: string, config: Record<string, unknown>, files: readonly string[],
  report: (file: string, field: string, message: string) => void): void {
  const file = folder === '' ? KUSTOMIZATION_FILE : `${folder}/${KUSTOMIZATION_FILE}`;
  const resources = config.resources;
  if (resources !== undefined && !(Array.isArray(resources) && resources.every((entry) => typeof entry === 'string'))) {
    report(file, 'resources', 'must be a list of file or folder names');
    return;
  }
  const entries = (resources ?? []) as string[];
  const listed = new Set(entries);
  entries.forEach((entry, index) => {
    if (/^[a-z]+:\/\//.test(entry)) return;
    if (!existsSync(join(distDir, folder, entry))) report(file, `resources[${index}]`, `${entry} does not exist in ${folder || 'dist'}/`);
  });
  for (const sibling of files.filter((candidate) => folderOf(candidate) === folder && nameOf(candidate) !== KUSTOMIZATION_FILE)) {
    if (!listed.has(nameOf(sibling))) report(sibling, '(file)', `not listed in ${folder || 'dist'}/${KUSTOMIZATION_FILE} resources: no controller applies it`);
  }
}

function isFluxKustomization(object: ObjectRecord): boolean {
  return FLUX_KUSTOMIZATION.test(object.apiVersion) && object.kind === 'Kustomization';
}

function isArgoApplication(object: ObjectRecord): boolean {
  return object.apiVersion === ARGO_APPLICATION && object.kind === 'Application';
}

/** The dist/ folder (relative) a Flux Kustomization's spec.path or an Application's source.path names. */
function syncTarget(object: ObjectRecord): string | undefined {
  const spec = isPlainObject(object.data.spec) ? object.data.spec : {};
  const source = isPlainObject(spec.source) ? spec.source : {};
  const path = isFluxKustomization(object) ? spec.path : source.path;
  if (typeof path !== 'string') return undefined;
  // Both tools read the path from the repository root, where synth's output is dist/.
  const fromRoot = posix.normalize(path).replace(/^\.\//, '');
  if (!fromRoot.startsWith(`${DIST_DIR}/`)) return undefined;
  return posix.normalize(fromRoot.slice(DIST_DIR.length + 1)).replace(/\/$/, '');
}

/** A sync object applies a rendered folder, and every object it names is in that folder. */
function checkSyncReferences(object: ObjectRecord, objects: readonly ObjectRecord[], kustomizations: ReadonlyMap<string, unknown>,
  report: (file: string, field: string, message: string) => void): void {
  if (!isFluxKustomization(object) && !isArgoApplication(object)) return;
  const spec = isPlainObject(object.data.spec) ? object.data.spec : {};
  const pathField = isFluxKustomization(object) ? 'spec.path' : 'spec.source.path';
  const target = syncTarget(object);
  if (target === undefined || !kustomizations.has(target)) {
    const shown = isFluxKustomization(object) ? spec.path : (isPlainObject(spec.source) ? spec.source.path : undefined);
    if (shown !== undefined) report(object.file, pathField, `${JSON.stringify(shown)} is not a folder of rendered manifests under dist/: the controller would find nothing to apply`);
    return;
  }
  const inTarget = objects.filter((candidate) => folderOf(candidate.file) === target);
  const checkRef = (field: string, ref: unknown) => {
    if (!isPlainObject(ref) || typeof ref.name !== 'string') return;
    const found = inTarget.some((candidate) => candidate.name === ref.name
      && (typeof ref.kind !== 'string' || candidate.kind === ref.kind)
      && (typeof ref.namespace !== 'string' || candidate.namespace === undefined || candidate.namespace === ref.namespace));
    if (!found) report(object.file, field, `${typeof ref.kind === 'string' ? `${ref.kind} ` : ''}${ref.name} is not an object in ${target}/`);
  };
  /** Checks each item of spec.<key>, or its `field` when the reference sits there. */
  const each = (key: string, field?: string) => {
    const items = spec[key];
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (isPlainObject(item)) checkRef(formatPath(['spec', key, index, ...(field === undefined ? [] : [field])]), field === undefined ? item : item[field]);
    });
  };
  if (isFluxKustomization(object)) {
    each('healthChecks');
    each('patches', 'target');
    each('ignore', 'target');
  } else {
    each('ignoreDifferences');
  }
}

/** Runs `kubectl kustomize`; returns why it failed, or undefined. */
function kustomizeBuild(kubectl: string, folder: string): string | undefined {
  const result = spawnSync(kubectl, ['kustomize', folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (result.error) return `could not run ${kubectl}: ${result.error.message}`;
  if (result.status === 0) return undefined;
  const lines = result.stderr.trim().split('\n').filter((line) => line.trim() !== '').map(withoutLogPrefix);
  return lines.slice(0, 3).join(' ') || `exited with status ${result.status}`;
}

/** kubectl 1.3x logs errors as `E1127 02:53:15.130436 22919 run.go:72] "command failed" err="..."`: keep the err. */
function withoutLogPrefix(line: string): string {
  const match = /^[EWI]\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err="(.*)"$/.exec(line);
  return match ? match[1].replace(/\\"/g, '"') : line.replace(/^error: /, '');
}

/** Builds `folder` the way kustomize-controller does for this spec: an overlay with its patches and namespace. */
function fluxBuild(kubectl: string, folder: string, spec: Record<string, unknown>): string | undefined {
  const overlay = mkdtempSync(join(tmpdir(), 'dask-gitops-flux-build-'));
  try {
    cpSync(folder, join(overlay, 'base'), { recursive: true });
    const config: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['base'] };
    if (typeof spec.targetNamespace === 'string') config.namespace = spec.targetNamespace;
    for (const key of ['patches', 'images', 'namePrefix', 'nameSuffix']) {
      if (spec[key] !== undefined) config[key] = spec[key];
    }
    writeFileSync(join(overlay, KUSTOMIZATION_FILE), JSON.stringify(config));
    return kustomizeBuild(kubectl, overlay);
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}
