// Schema checks for custom resources, from the CRDs vendored under
// charts/validate/crds/ at the pinned controller releases: the served version's
// openAPIV3Schema, closed so that a field the CRD does not declare is an error.
// Compiling Argo CD's Application schema takes about a second, so the compiled
// validators are cached under node_modules/.cache/, keyed by the CRD file's content.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { isPlainObject } from '../config/json-path';
import {
  CONTROLLER_RELEASES, DEFAULT_CONTROLLER_VERSION, PROMETHEUS_OPERATOR_CRDS, releaseLabel, VendoredCrd,
} from '../gitops/controller-versions';

/** Validates a plain object against one kind's schema; returns ajv's errors, empty when valid. */
export interface SchemaCheck {
  (data: unknown): ErrorObject[];
  /** True when the schema itself reports undeclared fields (as `additionalProperties` errors). */
  readonly closed?: boolean;
  /** Every property name the schema declares: candidates for "did you mean". */
  readonly vocabulary?: readonly string[];
}

/** A custom kind's check, or why the object's apiVersion cannot be used. */
export type CrdLookup = { readonly check: SchemaCheck } | { readonly problem: string };

/** The repository root, wherever this module runs from (charts/validate/ or .build/charts/validate/). */
const REPOSITORY_ROOT = resolve(__dirname, ...(existsSync(resolve(__dirname, 'crds')) ? ['..', '..'] : ['..', '..', '..']));

/** The vendored CRD files: next to this module, else under the repository root. */
const CRD_DIR = [resolve(__dirname, 'crds'), resolve(REPOSITORY_ROOT, 'charts', 'validate', 'crds')]
  .find((dir) => existsSync(dir)) ?? resolve(__dirname, 'crds');

const CACHE_DIR = resolve(REPOSITORY_ROOT, 'node_modules', '.cache', 'dask-gitops', 'crd-validators');

/** Fields of ObjectMeta: the CRDs say only `metadata: {type: object}`, which the API server fills with ObjectMeta. */
const OBJECT_META = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array', items: { type: 'object' } },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: 'string' },
    deletionGracePeriodSeconds: { type: 'integer' },
    managedFields: { type: 'array', items: { type: 'object' } },
    selfLink: { type: 'string' },
  },
};

interface VersionInfo {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
}

interface CompiledCrd {
  readonly crdName: string;
  readonly versions: readonly VersionInfo[];
  readonly vocabulary: readonly string[];
  readonly validators: Readonly<Record<string, ValidateFunction>>;
}

const compiled = new Map<string, CompiledCrd>();

/**
 * The check for a custom resource of a vendored kind, or a problem (unserved or
 * deprecated apiVersion, unknown release); undefined when no vendored CRD defines
 * the kind. Flux and Argo CD objects are checked against the release named in their
 * controller-version annotation, else the default release.
 */
export function crdSchemaFor(apiVersion: string, kind: string, release?: string): CrdLookup | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const owner = ownerOf(group, kind, release);
  if (owner === undefined) return undefined;
  if ('problem' in owner) return owner;
  const crd = load(owner.crd);
  const served = crd.versions.find((candidate) => candidate.name === version);
  const servedList = crd.versions.filter((candidate) => candidate.served).map((candidate) => `${group}/${candidate.name}`).join(', ');
  if (!served || !served.served) {
    return { problem: `${apiVersion} is not served by the ${crd.crdName} CRD of ${owner.project}: use ${servedList}` };
  }
  if (served.deprecated) {
    return { problem: `${apiVersion} is deprecated by the ${crd.crdName} CRD of ${owner.project}${served.deprecationWarning ? ` (${served.deprecationWarning})` : ''}: use ${crd.versions.filter((candidate) => candidate.served && !candidate.deprecated).map((candidate) => `${group}/${candidate.name}`).join(', ')}` };
  }
  const validate = crd.validators[version];
  if (!validate) return { problem: `the ${crd.crdName} CRD of ${owner.project} has no schema for ${version}` };
  const check = ((data: unknown) => (validate(data) ? [] : [...(validate.errors ?? [])])) as SchemaCheck;
  return { check: Object.assign(check, { closed: true, vocabulary: crd.vocabulary }) };
}

/** Whether any vendored CRD defines this API group: such objects never fall back to another schema. */
export function isVendoredGroup(group: string): boolean {
  return allCrds().some((crd) => crd.group === group);
}

function allCrds(): VendoredCrd[] {
  return [...CONTROLLER_RELEASES.flatMap((release) => release.crds), ...PROMETHEUS_OPERATOR_CRDS.crds];
}

function ownerOf(group: string, kind: string, release?: string): { crd: VendoredCrd; project: string } | { problem: string } | undefined {
  const monitor = PROMETHEUS_OPERATOR_CRDS.crds.find((crd) => crd.group === group && crd.kind === kind);
  if (monitor) return { crd: monitor, project: `prometheus-operator ${PROMETHEUS_OPERATOR_CRDS.version}` };
  const releases = CONTROLLER_RELEASES.filter((candidate) => candidate.crds.some((crd) => crd.group === group && crd.kind === kind));
  if (releases.length === 0) return undefined;
  const tool = releases[0].tool;
  const wanted = release ?? `${tool} ${DEFAULT_CONTROLLER_VERSION[tool]}`;
  const chosen = releases.find((candidate) => releaseLabel(candidate) === wanted);
  if (!chosen) return { problem: `no CRDs are vendored for ${wanted}: the ${kind} CRD is vendored for ${releases.map(releaseLabel).join(', ')} (charts/validate/crds/)` };
  return { crd: chosen.crds.find((crd) => crd.group === group && crd.kind === kind)!, project: releaseLabel(chosen) };
}

function load(crd: VendoredCrd): CompiledCrd {
  const cached = compiled.get(crd.file);
  if (cached) return cached;
  const text = readFileSync(join(CRD_DIR, crd.file), 'utf8');
  // Keyed by everything that shapes the compiled code, this module's transformation included, so a cached validator is never stale.
  const key = createHash('sha256')
    .update([require('ajv/package.json').version, compileAndCache.toString(), closeSchema.toString(), fromModule.toString(), JSON.stringify(OBJECT_META), text].join('\n'))
    .digest('hex').slice(0, 32);
  const cacheFile = join(CACHE_DIR, `${key}.js`);
  let result: CompiledCrd | undefined;
  if (existsSync(cacheFile)) {
    try {
      result = fromModule(require(cacheFile) as Record<string, unknown>);
    } catch {
      result = undefined;
    }
  }
  result ??= compileAndCache(text, crd, cacheFile);
  compiled.set(crd.file, result);
  return result;
}

function compileAndCache(text: string, crd: VendoredCrd, cacheFile: string): CompiledCrd {
  // Loaded only here: a cached validator needs neither the YAML parser nor the compiler.
  const { parse } = require('yaml') as typeof import('yaml');
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const document = parse(text) as { metadata: { name: string }; spec: { group: string; names: { kind: string }; versions: Record<string, unknown>[] } };
  if (document.spec.group !== crd.group || document.spec.names.kind !== crd.kind) {
    throw new Error(`${crd.file} defines ${document.spec.names.kind}.${document.spec.group}, not ${crd.kind}.${crd.group}: fix charts/gitops/controller-versions.ts`);
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true } });
  const versions: VersionInfo[] = [];
  const vocabulary = new Set<string>();
  const exports: Record<string, string> = {};
  for (const entry of document.spec.versions) {
    const name = String(entry.name);
    versions.push({
      name,
      served: entry.served === true,
      storage: entry.storage === true,
      deprecated: entry.deprecated === true,
      ...(typeof entry.deprecationWarning === 'string' ? { deprecationWarning: entry.deprecationWarning } : {}),
    });
    const schema = (entry.schema as { openAPIV3Schema?: Record<string, unknown> } | undefined)?.openAPIV3Schema;
    if (!schema) continue;
    const closedSchema = closeSchema(schema, vocabulary);
    const properties = closedSchema.properties as Record<string, unknown>;
    // Rendered objects carry no status; dropping it also halves the compile time.
    delete properties.status;
    properties.metadata = OBJECT_META;
    const id = `${crd.kind}-${name}`;
    ajv.addSchema(closedSchema, id);
    exports[name] = id;
  }
  const code = standaloneCode(ajv, exports);
  const module = `${code}\nexports.crdName = ${JSON.stringify(document.metadata.name)};\nexports.versions = ${JSON.stringify(versions)};\nexports.vocabulary = ${JSON.stringify([...vocabulary].sort())};\n`;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, module);
    renameSync(temporary, cacheFile);
    return fromModule(require(cacheFile) as Record<string, unknown>);
  } catch {
    // A read-only checkout: compile in memory every time.
    const validators: Record<string, ValidateFunction> = {};
    for (const [name, id] of Object.entries(exports)) validators[name] = ajv.getSchema(id) as ValidateFunction;
    return { crdName: document.metadata.name, versions, vocabulary: [...vocabulary].sort(), validators };
  }
}

/** A cached module: one exported validator per version that has a schema, and the CRD's facts. */
function fromModule(loaded: Record<string, unknown>): CompiledCrd {
  const versions = loaded.versions as VersionInfo[];
  const validators = Object.fromEntries(versions.filter((version) => typeof loaded[version.name] === 'function')
    .map((version) => [version.name, loaded[version.name] as ValidateFunction]));
  return { crdName: loaded.crdName as string, versions, vocabulary: loaded.vocabulary as string[], validators };
}

/**
 * A copy of the schema in which every object that lists its properties accepts no
 * others, as the API server prunes (or, with strict field validation, refuses) them;
 * objects marked x-kubernetes-preserve-unknown-fields stay open.
 */
function closeSchema(node: Record<string, unknown>, vocabulary: Set<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties' && isPlainObject(value)) {
      copy.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => {
        vocabulary.add(name);
        return [name, isPlainObject(child) ? closeSchema(child, vocabulary) : child];
      }));
    } else if (isPlainObject(value)) {
      copy[key] = closeSchema(value, vocabulary);
    } else if (Array.isArray(value)) {
      copy[key] = value.map((item) => (isPlainObject(item) ? closeSchema(item, vocabulary) : item));
    } else {
      copy[key] = value;
    }
  }
  if (isPlainObject(copy.properties) && copy.additionalProperties === undefined && copy['x-kubernetes-preserve-unknown-fields'] !== true) {
    copy.additionalProperties = false;
  }
  return copy;
}
