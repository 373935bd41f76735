import { basename, dirname, extname, resolve as resolvePath } from 'path';
import { ErrorObject } from 'ajv';
import { accessFolder } from '../constructs/cluster-access';
import { gitopsFolder } from '../gitops/names';
import { BUCKET_COMPONENTS_DEFAULT, CLUSTER_DEFAULTS, DASK_DEFAULTS, ENVIRONMENT_DEFAULTS, GITOPS_DEFAULTS, WORKER_POOL_DEFAULTS } from './defaults';
import { didYouMean } from './did-you-mean';
import { EnvironmentFile, ValueSource } from './environment-file';
import { yamlFiles } from './environment-files';
import { FieldPath, InputError, Problem, showValue } from './errors';
import { checkEnvironment, fullnameOf } from './check-environment';
import { checkConsistency } from './consistency';
import { checkGuardrails } from './guardrails';
import { FindingCollector, HazardName } from './hazards';
import { isPlainObject, pathOf, withArticle } from './json-path';
import { DNS_LABEL, INT32_MAX } from './kubernetes-names';
import { EXTENDS, LayeredSource } from './layered-source';
import { mergeValues } from './merge';
import { environmentValidator } from './schema-validator';
import { BucketAccess, ClusterSpec, DaskValues, DataAccess, Environment, GitOpsSpec, WorkerGroup, WorkerValues } from './values';

/** Folder names under dist/ that an environment may not take: other folders live there. */
export const RESERVED_ENVIRONMENT_NAMES = [gitopsFolder('x'), accessFolder('x')].map((folder) => folder.split('/')[0]);

// What a failed `pattern` means, in words a user can act on.
const PATTERN_HELP: Record<string, string> = {
  '^[a-z]([-a-z0-9]*[a-z0-9])?$': 'lowercase letters, digits and "-", starting with a letter and not ending with "-"',
  '^_?[a-z0-9]([-a-z0-9]*[a-z0-9])?$': 'the name of a file in this folder without .yaml, such as _base (a name, not a path)',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': 'a DNS label: lowercase letters, digits and "-", not starting or ending with "-"',
  '^[a-z][-a-z0-9]{4,28}[a-z0-9]$': 'a Google Cloud project ID: 6 to 30 lowercase letters, digits and "-", starting with a letter',
  '^[a-z]+-[a-z]+[0-9]+(-[a-z])?$': 'a GKE zone such as us-central1-a or a region such as us-central1',
  '^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$': 'a GKE name: up to 40 lowercase letters, digits and "-", starting with a letter',
  '^[a-z0-9]+-[-a-z0-9]+$': 'a Compute Engine machine type such as n1-standard-4 or e2-highmem-8',
  '^([0-9]+(ms|s|m|h))+$': 'a duration such as 30s, 5m or 1h30m',
  '^[a-z0-9][-_.a-z0-9]{1,220}[a-z0-9]$': 'a Cloud Storage bucket name (no gs://): lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  '^(https://|ssh://|git@)\\S+$': 'a Git URL: https://..., ssh://... or git@host:path',
  '^((user|group|serviceAccount):)?[^@\\s:]+@[^@\\s]+\\.[^@\\s]+$': 'an IAM member: user:EMAIL, group:EMAIL, serviceAccount:EMAIL, or a bare EMAIL for a user',
  '^gke-security-groups@[^@\\s]+\\.[^@\\s]+$': 'the group GKE requires for Google Groups for RBAC: gke-security-groups@YOUR_DOMAIN',
  '^(latest|1\\.[0-9]+(\\.[0-9]+(-gke\\.[0-9]+)?)?)$': 'a GKE version: latest, a minor version such as 1.32, or a full one such as 1.32.4-gke.1000',
  '^v[0-9]+\\.[0-9]+\\.[0-9]+$': 'a release tag such as v2.9.0',
  '^(([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3})$': 'an address range in CIDR form, such as 203.0.113.0/24',
  '^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com$': 'a Google service account email: NAME@PROJECT.iam.gserviceaccount.com',
};

/** `extends:` names a file in the same folder: a name, never a path. */
const EXTENDS_NAME = /^_?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * An environment and the files it was merged from (its own and the bases it extends), so
 * later checks (across environments, rendered sizes) and explain can name their lines.
 */
export interface LoadedEnvironment {
  readonly environment: Environment;
  readonly source: LayeredSource;
  /** Hazards the environment accepts (charts/config/hazards.ts): printed and reviewed, never fatal. */
  readonly warnings: readonly Problem[];
}

/** One file read and checked on its own (as a partial environment). */
interface CheckedFile {
  readonly source?: EnvironmentFile;
  readonly problems: readonly Problem[];
}

/**
 * Loads environments and the bases they extend. Each file is read and checked on its
 * own once, however many environments extend it; each environment is then merged from
 * its chain and checked whole: the complete schema, then every rule.
 */
export class EnvironmentLoader {
  private readonly checked = new Map<string, CheckedFile>();
  private readonly folders: Map<string, Map<string, string>>;

  /** `listed`: folders already listed (yamlFiles), by path, so that chains read them from memory. */
  constructor(listed: ReadonlyMap<string, Map<string, string>> = new Map()) {
    this.folders = new Map([...listed].map(([dir, files]) => [resolvePath(dir), files]));
  }

  /** Reads, merges, validates and fills in one environment; throws InputError listing every problem. */
  public load(file: string): LoadedEnvironment {
    const name = basename(file, extname(file));
    const problems: Problem[] = [];
    if (!DNS_LABEL.test(name) || RESERVED_ENVIRONMENT_NAMES.includes(name)) {
      problems.push({ file, path: [], message: `the file name "${name}" names the environment and its dist/ folder: it must be a DNS label and not ${RESERVED_ENVIRONMENT_NAMES.join(', ')}` });
    }
    const chain = this.chainOf(file, name, problems);
    if (chain === undefined) throw new InputError(problems);
    const source = new LayeredSource(name, chain);
    // A base's own problem names this environment only if it takes that value (it may override it).
    for (const [i, problem] of problems.entries()) {
      if (problem.environments && source.fileOf(problem.path) !== problem.file) problems[i] = { ...problem, environments: problem.environments.filter((env) => env !== name) };
    }
    const validate = environmentValidator('complete');
    // Each file was checked against the same schema without the mappings' `required`
    // (overlay-schema.ts): what is left to say of the merged result is which of those no file sets.
    if (!validate(source.data)) problems.push(...(validate.errors ?? []).filter(isMappingRequired).map((error) => schemaProblem(source, error)));
    if (problems.length > 0) throw new InputError(problems);
    const environment = resolve(name, file, source.data);
    problems.push(...checkEnvironment(source, environment));
    const findings = new FindingCollector(source, environment);
    checkConsistency(findings, environment);
    checkGuardrails(findings, environment);
    const { errors, warnings } = findings.finish();
    problems.push(...errors);
    if (problems.length > 0) throw new InputError(problems);
    return { environment, source, warnings };
  }

  /** Whether `file` was read already, as an environment or as part of one's chain. */
  public hasRead(file: string): boolean {
    return this.checked.has(resolvePath(file));
  }

  /** Checks a base and the chain below it, as partial files; throws InputError. */
  public checkBase(file: string): void {
    const problems: Problem[] = [];
    this.chainOf(file, basename(file, extname(file)), problems);
    if (problems.length > 0) throw new InputError(problems);
  }

  /**
   * The files `file` builds on, base first, each checked on its own; undefined when a
   * file cannot be read or the chain is broken (a missing file, a cycle). Problems in
   * another file than `file` name `name` as the environment that inherits them.
   */
  private chainOf(file: string, name: string, problems: Problem[]): EnvironmentFile[] | undefined {
    const chain: EnvironmentFile[] = [];
    const names = [name];
    const paths = [resolvePath(file)];
    let current = file;
    let complete = true;
    for (;;) {
      const checked = this.checkFile(current);
      problems.push(...(current === file ? checked.problems : checked.problems.map((problem) => inheritedBy(problem, name))));
      if (checked.source === undefined) return undefined;
      chain.unshift(checked.source);
      const next = checked.source.data[EXTENDS];
      // A malformed value was reported by the schema.
      if (next === undefined || typeof next !== 'string' || !EXTENDS_NAME.test(next)) {
        if (next !== undefined) complete = false;
        break;
      }
      const shown = [...names, next].join(' -> ');
      const fail = (message: string) => {
        const problem = checked.source!.problem([EXTENDS], message);
        problems.push(current === file ? problem : inheritedBy(problem, name));
        return undefined;
      };
      if (RESERVED_ENVIRONMENT_NAMES.includes(next)) return fail(`${showValue(next)} is not allowed: it names a folder of dist/ that is not an environment (${RESERVED_ENVIRONMENT_NAMES.join(', ')}), so no file may take it (chain: ${shown})`);
      const available = this.yamlFilesBeside(current);
      const target = available.get(next);
      if (target === undefined) {
        const guess = didYouMean(next, [...available.keys()]);
        return fail(`no ${next}.yaml beside this file to build on (chain: ${shown})${guess ? `; did you mean "${guess}"?` : ''}; files here: ${[...available.keys()].join(', ')}`);
      }
      if (paths.includes(resolvePath(target))) return fail(`${showValue(next)} makes a cycle: ${shown}; a chain must end in a file without extends`);
      names.push(next);
      paths.push(resolvePath(target));
      current = target;
    }
    return complete ? chain : undefined;
  }

  /** Reads and checks one file against the partial schema, once per loader. */
  private checkFile(file: string): CheckedFile {
    const key = resolvePath(file);
    let checked = this.checked.get(key);
    if (checked === undefined) {
      checked = readAndCheck(file);
      this.checked.set(key, checked);
    }
    return checked;
  }

  private yamlFilesBeside(file: string): Map<string, string> {
    const dir = dirname(resolvePath(file));
    let files = this.folders.get(dir);
    if (files === undefined) {
      files = yamlFiles(dir);
      this.folders.set(dir, files);
    }
    return files;
  }
}

function readAndCheck(file: string): CheckedFile {
  let source: EnvironmentFile;
  try {
    source = EnvironmentFile.read(file);
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
  const validate = environmentValidator('partial');
  const problems = validate(source.data) ? [] : (validate.errors ?? []).map((error) => schemaProblem(source, error));
  return { source, problems };
}

function isMappingRequired(error: ErrorObject): boolean {
  return error.keyword === 'required' && !error.schemaPath.includes('/items/');
}

function inheritedBy(problem: Problem, environment: string): Problem {
  return { ...problem, environments: [...new Set([...(problem.environments ?? []), environment])] };
}

/** Reads, validates and fills in one environment file and the files it extends; throws InputError listing every problem. */
export function loadEnvironment(file: string): Environment {
  return loadEnvironmentFile(file).environment;
}

/** As loadEnvironment, keeping the sources for checks that come later (across environments, rendered sizes). */
export function loadEnvironmentFile(file: string): LoadedEnvironment {
  return new EnvironmentLoader().load(file);
}

/** Fills in defaults: the typed values every construct reads. */
function resolve(name: string, file: string, data: Record<string, unknown>): Environment {
  const release = (data.release as string | undefined) ?? ENVIRONMENT_DEFAULTS.release;
  const dask = mergeValues(DASK_DEFAULTS, data.dask ?? {}) as DaskValues;
  const fullname = fullnameOf(release, dask);
  // null drops a section a base set (Helm: null removes).
  const cluster = data.cluster == null ? undefined : resolveCluster(data.cluster as Record<string, unknown>);
  const gitops = data.gitops == null ? undefined : (mergeValues(GITOPS_DEFAULTS, data.gitops) as GitOpsSpec);
  const dataAccess = data.dataAccess == null ? undefined : {
    buckets: (data.dataAccess as DataAccess).buckets.map((bucket) => ({ ...bucket, components: bucket.components ?? [...BUCKET_COMPONENTS_DEFAULT] })) as BucketAccess[],
  };
  return {
    name,
    file,
    release,
    namespace: data.namespace as string,
    production: (data.production as boolean | undefined) ?? ENVIRONMENT_DEFAULTS.production,
    acknowledge: (data.acknowledge as HazardName[] | undefined) ?? ENVIRONMENT_DEFAULTS.acknowledge,
    strict: (data.strict as boolean | undefined) ?? ENVIRONMENT_DEFAULTS.strict,
    cluster,
    gitops,
    dataAccess,
    dask: { ...dask, additional_worker_groups: dask.additional_worker_groups ?? [] },
    fullname,
    workerGroups: workerGroupsOf(fullname, dask),
  };
}

function resolveCluster(cluster: Record<string, unknown>): ClusterSpec {
  const merged = mergeValues(CLUSTER_DEFAULTS, cluster) as Record<string, unknown>;
  if (isPlainObject(cluster.workerPool)) merged.workerPool = mergeValues(WORKER_POOL_DEFAULTS, cluster.workerPool);
  return merged as unknown as ClusterSpec;
}

/** `worker`, then each additional group merged over it, as the chart's `merge . $.Values.worker`. */
function workerGroupsOf(fullname: string, dask: DaskValues): WorkerGroup[] {
  const groups: WorkerGroup[] = [{ group: 'default', deploymentName: `${fullname}-worker`, values: dask.worker }];
  for (const group of dask.additional_worker_groups ?? []) {
    const values = mergeValues(dask.worker, group) as WorkerValues;
    groups.push({ group: values.name, deploymentName: `${fullname}-worker-${values.name}`, values });
  }
  return groups;
}

function schemaProblem(source: ValueSource, error: ErrorObject): Problem {
  const path: FieldPath = pathOf(source.data, error.instancePath);
  // A password field may hold a clear password typed by mistake: never echo it.
  const value = path[path.length - 1] === 'password' ? '(hidden)' : error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = didYouMean(key, allowed);
      const hint = guess ? `did you mean "${guess}"? ` : '';
      return source.problem([...path, key], `unknown key "${key}": ${hint}allowed here: ${allowed.join(', ')}`, { key: true });
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return source.problem(path, `missing required key "${key}"`);
    }
    case 'type': {
      const expected = String((error.params as { type: string | string[] }).type).split(',').filter((t) => t !== 'null');
      const typed = source.sourceText(path);
      if (typeof value === 'number' && expected.includes('string') && typed !== undefined && typed !== String(value)) {
        return source.problem(path, `YAML read ${typed} as the number ${value}; quote it to keep it a string: "${typed}"`);
      }
      return source.problem(path, `${showValue(value)} is not allowed: must be ${expected.map(withArticle).join(' or ')}`);
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null).map(String);
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return source.problem(path, `${showValue(value)} is not allowed: must be one of ${allowed.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`);
    }
    case 'pattern': {
      const pattern = (error.params as { pattern: string }).pattern;
      return source.problem(path, `${showValue(value)} is not allowed: must be ${PATTERN_HELP[pattern] ?? `a string matching ${pattern}`}`);
    }
    case 'minimum':
    case 'maximum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      const why = limit === INT32_MAX ? ' (Kubernetes and GKE store it as a 32-bit integer)' : '';
      return source.problem(path, `${showValue(value)} is not allowed: must be ${comparison} ${limit}${why}`);
    }
    case 'minLength':
      return source.problem(path, `${showValue(value)} is not allowed: must not be empty`);
    case 'maxLength':
      return source.problem(path, `${showValue(value)} is not allowed: must be at most ${(error.params as { limit: number }).limit} characters`);
    case 'uniqueItems':
      return source.problem(path, 'has duplicate entries: each entry may appear once');
    default:
      return source.problem(path, `${showValue(value)} is not allowed: ${error.message ?? error.keyword}`);
  }
}
