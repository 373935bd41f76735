import { basename, extname } from 'path';
import { ErrorObject } from 'ajv';
import { accessFolder } from '../constructs/cluster-access';
import { gitopsFolder } from '../gitops/names';
import { BUCKET_COMPONENTS_DEFAULT, CLUSTER_DEFAULTS, DASK_DEFAULTS, ENVIRONMENT_DEFAULTS, GITOPS_DEFAULTS, WORKER_POOL_DEFAULTS } from './defaults';
import { didYouMean } from './did-you-mean';
import { EnvironmentFile } from './environment-file';
import { FieldPath, InputError, Problem, showValue } from './errors';
import { checkEnvironment, DNS_LABEL, fullnameOf } from './check-environment';
import { isPlainObject, pathOf, withArticle } from './json-path';
import { INT32_MAX } from './kubernetes-names';
import { mergeValues } from './merge';
import { environmentValidator } from './schema-validator';
import { BucketAccess, ClusterSpec, DaskValues, DataAccess, Environment, GitOpsSpec, WorkerGroup, WorkerValues } from './values';

/** Folder names under dist/ that an environment may not take: other folders live there. */
export const RESERVED_ENVIRONMENT_NAMES = [gitopsFolder('x'), accessFolder('x')].map((folder) => folder.split('/')[0]);

// What a failed `pattern` means, in words a user can act on.
const PATTERN_HELP: Record<string, string> = {
  '^[a-z]([-a-z0-9]*[a-z0-9])?$': 'lowercase letters, digits and "-", starting with a letter and not ending with "-"',
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
};

/** An environment and the parsed file it came from, so later checks can name its lines. */
export interface LoadedEnvironment {
  readonly environment: Environment;
  readonly source: EnvironmentFile;
}

/** Reads, validates and fills in one environment file; throws InputError listing every problem. */
export function loadEnvironment(file: string): Environment {
  return loadEnvironmentFile(file).environment;
}

/** As loadEnvironment, keeping the parsed file for checks that come later (across environments, rendered sizes). */
export function loadEnvironmentFile(file: string): LoadedEnvironment {
  const name = basename(file, extname(file));
  const source = EnvironmentFile.read(file);
  const problems: Problem[] = [];
  if (!DNS_LABEL.test(name) || RESERVED_ENVIRONMENT_NAMES.includes(name)) {
    problems.push({ file, path: [], message: `the file name "${name}" names the environment and its dist/ folder: it must be a DNS label and not ${RESERVED_ENVIRONMENT_NAMES.join(', ')}` });
  }
  const validate = environmentValidator();
  if (!validate(source.data)) {
    problems.push(...(validate.errors ?? []).map((error) => schemaProblem(source, error)));
    throw new InputError(problems);
  }
  const environment = resolve(name, file, source.data);
  problems.push(...checkEnvironment(source, environment));
  if (problems.length > 0) throw new InputError(problems);
  return { environment, source };
}

/** Fills in defaults: the typed values every construct reads. */
function resolve(name: string, file: string, data: Record<string, unknown>): Environment {
  const release = (data.release as string | undefined) ?? ENVIRONMENT_DEFAULTS.release;
  const dask = mergeValues(DASK_DEFAULTS, data.dask ?? {}) as DaskValues;
  const fullname = fullnameOf(release, dask);
  const cluster = data.cluster === undefined ? undefined : resolveCluster(data.cluster as Record<string, unknown>);
  const gitops = data.gitops === undefined ? undefined : (mergeValues(GITOPS_DEFAULTS, data.gitops) as GitOpsSpec);
  const dataAccess = data.dataAccess === undefined ? undefined : {
    buckets: (data.dataAccess as DataAccess).buckets.map((bucket) => ({ ...bucket, components: bucket.components ?? [...BUCKET_COMPONENTS_DEFAULT] })) as BucketAccess[],
  };
  return {
    name,
    file,
    release,
    namespace: data.namespace as string,
    production: (data.production as boolean | undefined) ?? ENVIRONMENT_DEFAULTS.production,
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

function schemaProblem(source: EnvironmentFile, error: ErrorObject): Problem {
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
