// Checks every environment gets, production or not: the parts of one Dask cluster
// must agree with each other, and a command line must agree with its container.
import { commandFlags, DASHBOARD_PORT, REPEATABLE_FLAGS, SCHEDULER_PORT, setsWorkerPort } from './command-flags';
import { FieldPath, showValue } from './errors';
import { FindingCollector } from './hazards';
import { formatPath } from './json-path';
import { parseBytes, parseMillicores } from './quantities';
import { Environment, WorkerValues } from './values';

export function checkConsistency(findings: FindingCollector, env: Environment): void {
  checkImageTags(findings, env);
  checkSchedulerArgs(findings, env);
  for (const { group, path, own, values } of workerGroupSections(env)) {
    // A group that sets none of these repeats dask.worker's findings word for word.
    if (own && own.extraArgs === undefined && own.resources === undefined && own.threads_per_worker === undefined && own.port === undefined) continue;
    const argsPath: FieldPath = own?.extraArgs !== undefined ? [...path, 'extraArgs'] : ['dask', 'worker', 'extraArgs'];
    checkWorkerArgs(findings, values, argsPath, own ? ` (worker group "${group}")` : '');
  }
  checkWorkersHaveResources(findings, env);
}

/** Scheduler, workers and notebook unpickle each other's objects: one Dask release, one Python. */
function checkImageTags(findings: FindingCollector, env: Environment): void {
  const { dask } = env;
  const tags: { path: FieldPath; tag: string }[] = [];
  if (dask.scheduler.enabled) tags.push({ path: ['dask', 'scheduler', 'image', 'tag'], tag: dask.scheduler.image.tag });
  for (const { path, own, values } of workerGroupSections(env)) {
    // A group that does not set its own tag inherits dask.worker's, already in the list.
    if (own && own.image?.tag === undefined) continue;
    tags.push({ path: [...path, 'image', 'tag'], tag: values.image.tag });
  }
  if (dask.jupyter.enabled) tags.push({ path: ['dask', 'jupyter', 'image', 'tag'], tag: dask.jupyter.image.tag });
  // The odd ones out are the tags that differ from the most common one (the first of equals).
  const count = (tag: string) => tags.filter((item) => item.tag === tag).length;
  const reference = tags.reduce((best, item) => (count(item.tag) > count(best.tag) ? item : best), tags[0]);
  for (const other of tags.filter((item) => item.tag !== reference.tag)) {
    findings.hazard('mixed-dask-versions', 'error', other.path,
      `${showValue(other.tag)} differs from ${formatPath(reference.path)} ${showValue(reference.tag)}: the scheduler, every worker group and Jupyter must run the same Dask release and Python (the same tag, suffix such as -py3.12 included), or their messages fail to unpickle; use one tag`);
  }
}

/** The flags the scheduler's command line already has; extraArgs may not repeat them. */
const SCHEDULER_FLAGS: Record<string, string> = {
  '--port': `the container port is fixed at ${SCHEDULER_PORT}; set dask.scheduler.servicePort to change the Service port`,
  '--dashboard-address': `the dashboard port is fixed at ${DASHBOARD_PORT}; set dask.webUI.servicePort to change the Service port`,
};

function checkSchedulerArgs(findings: FindingCollector, env: Environment): void {
  if (!env.dask.scheduler.enabled) return;
  const path: FieldPath = ['dask', 'scheduler', 'extraArgs'];
  const flags = commandFlags(env.dask.scheduler.extraArgs ?? []);
  checkDuplicates(findings, path, flags, '');
  for (const { flag, index } of flags) {
    if (SCHEDULER_FLAGS[flag]) findings.error([...path, index], `'${flag}' is already on dask-scheduler's command line: ${SCHEDULER_FLAGS[flag]}`);
  }
}

function checkDuplicates(findings: FindingCollector, path: FieldPath, flags: ReturnType<typeof commandFlags>, group: string): void {
  const first = new Map<string, number>();
  for (const { flag, index } of flags) {
    const earlier = first.get(flag);
    if (earlier !== undefined && !REPEATABLE_FLAGS.includes(flag)) {
      findings.error([...path, index], `'${flag}' is given twice${group} (also at entry ${earlier}): dask takes only the last one; keep one`);
    }
    if (earlier === undefined) first.set(flag, index);
  }
}

/**
 * extraArgs against the rest of the worker's settings. A --nthreads or --memory-limit
 * there replaces the one the renderer derives from resources.limits, so it must fit them.
 */
function checkWorkerArgs(findings: FindingCollector, values: WorkerValues, path: FieldPath, group: string): void {
  const flags = commandFlags(values.extraArgs ?? []);
  checkDuplicates(findings, path, flags, group);
  const limits = values.resources?.limits ?? {};
  for (const { flag, index, value } of flags) {
    const at = [...path, index];
    if (flag === '--dashboard-address' || flag === '--no-dashboard' || flag === '--dashboard') {
      findings.error(at, `'${flag}' is already on dask-worker's command line${group}: set portDashboard instead`);
    } else if (flag === '--worker-port' && setsWorkerPort(values)) {
      findings.error(at, `'--worker-port' is already on dask-worker's command line${group}, from port (${values.port}): keep one`);
    } else if (flag === '--nthreads') {
      if (values.threads_per_worker !== undefined) {
        findings.error(at, `'--nthreads' is already on dask-worker's command line${group}, from threads_per_worker (${values.threads_per_worker}): keep one`);
        continue;
      }
      const threads = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || threads < 1) {
        findings.error(at, `'--nthreads' ${showValue(value ?? '')} is not allowed${group}: must be a whole number of threads, 1 or more`);
        continue;
      }
      const millicores = limits.cpu === undefined ? undefined : parseMillicores(limits.cpu);
      if (millicores !== undefined && BigInt(threads) * 1000n > roundUpToCores(millicores)) {
        findings.error(at, `'--nthreads ${threads}' contradicts resources.limits.cpu (${limits.cpu})${group}: more threads than the container has CPU cores; lower --nthreads or raise the CPU limit`);
      }
    } else if (flag === '--memory-limit') {
      checkMemoryLimit(findings, at, value, limits.memory, group);
    }
  }
}

function roundUpToCores(millicores: bigint): bigint {
  return ((millicores + 999n) / 1000n) * 1000n;
}

function checkMemoryLimit(findings: FindingCollector, at: FieldPath, value: string | undefined, containerLimit: string | number | undefined, group: string): void {
  if (value === undefined) {
    findings.error(at, `'--memory-limit' needs a value${group}: bytes such as 4GiB, a fraction of the container's memory such as 0.9, or auto`);
    return;
  }
  if (value === 'auto') return;
  const containerBytes = containerLimit === undefined ? undefined : parseBytes(containerLimit);
  const number = /^\d*\.?\d+$/.test(value) ? Number(value) : undefined;
  // As dask-worker reads it: a number up to 1 is a fraction of the container's memory.
  const bytes = number !== undefined && number <= 1 ? (number === 0 ? 0n : undefined) : parseBytes(value);
  if (number === undefined && bytes === undefined) {
    findings.error(at, `'--memory-limit' ${showValue(value)} is not a memory size${group}: use bytes such as 4GiB or 4e9, a fraction such as 0.9, or auto`);
  } else if (containerBytes === undefined) {
    return;
  } else if (bytes === 0n) {
    findings.error(at, `'--memory-limit ${value}' turns Dask's memory limit off${group} while the container has resources.limits.memory (${containerLimit}): the kernel kills the worker at the container's limit and Dask never spills to disk; drop the flag (the renderer passes the container's limit)`);
  } else if (bytes !== undefined && bytes > containerBytes) {
    findings.error(at, `'--memory-limit ${value}' (${bytes} bytes) contradicts resources.limits.memory (${containerLimit}, ${containerBytes} bytes)${group}: the kernel kills the worker at the container's limit before Dask spills or pauses; lower --memory-limit or raise the memory limit`);
  }
}

/** The cluster autoscaler adds nodes for pending pods by their requests: a pod without any fits anywhere. */
function checkWorkersHaveResources(findings: FindingCollector, env: Environment): void {
  if (env.production) return; // guardrails.ts refuses missing requests there.
  for (const { group, path, values } of workerGroupsWithPaths(env)) {
    const resources = values.resources ?? {};
    if (Object.keys(resources.requests ?? {}).length === 0 && Object.keys(resources.limits ?? {}).length === 0) {
      findings.hazard('workers-without-requests', 'warning', [...path, 'resources'],
        `worker group "${group}" has no resources: the cluster autoscaler sizes nodes by requests, so it adds none for these workers, and they are the first evicted under memory pressure; set resources.requests (and limits) for cpu and memory`);
    }
  }
}

/** Each worker group with the section of the file that sets it: dask.worker, or its own entry of additional_worker_groups (`own`). */
function workerGroupSections(env: Environment): { group: string; path: FieldPath; own?: Partial<WorkerValues>; values: WorkerValues }[] {
  return env.workerGroups.map((group, index) => (index === 0
    ? { group: group.group, path: ['dask', 'worker'], values: group.values }
    : { group: group.group, path: ['dask', 'additional_worker_groups', index - 1], own: env.dask.additional_worker_groups[index - 1], values: group.values }));
}

/** Each worker group with the path of the section that sets its values. */
export function workerGroupsWithPaths(env: Environment): { group: string; path: FieldPath; values: WorkerValues; }[] {
  // A group that inherits dask.worker's resources shares its findings; report them once, there.
  return workerGroupSections(env).filter(({ own }) => own === undefined || own.resources !== undefined).map(({ group, path, values }) => ({ group, path, values }));
}
