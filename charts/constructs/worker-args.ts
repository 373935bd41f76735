import { commandFlags, setsWorkerPort } from '../config/command-flags';
import { parseBytes, parseMillicores } from '../config/quantities';
import { WorkerValues } from '../config/values';

/** What dask-worker is told about its size, or undefined where the chart passes nothing. */
export interface WorkerSize {
  readonly nthreads?: number;
  readonly memoryLimitBytes?: bigint;
}

/**
 * The chart passes --nthreads and --memory-limit only when resources.limits is set.
 * Unlike the chart, threads are a whole number (dask-worker refuses 1.5 and 500m)
 * and memory is plain bytes, so 4096Mi, 4e9 and 500M mean to Dask what they mean
 * to Kubernetes.
 */
export function workerSize(values: WorkerValues): WorkerSize {
  const limits = values.resources?.limits ?? undefined;
  const hasLimits = limits !== undefined && Object.keys(limits).length > 0;
  let nthreads = values.threads_per_worker;
  let memoryLimitBytes: bigint | undefined;
  if (hasLimits) {
    const cpu = limits.cpu ?? values.default_resources.cpu;
    nthreads ??= wholeCores(cpu);
    memoryLimitBytes = parseBytes(limits.memory ?? values.default_resources.memory);
  }
  return { nthreads, memoryLimitBytes };
}

function wholeCores(cpu: string | number): number {
  const millicores = parseMillicores(cpu) ?? 1000n;
  return Math.max(1, Number(millicores / 1000n));
}

/**
 * The worker container's args, in the chart's order. A --nthreads or --memory-limit
 * in extraArgs replaces the derived one (the loader checked it fits the container),
 * so the command line never carries a flag twice.
 */
export function workerArgs(values: WorkerValues, schedulerAddress: string): string[] {
  const size = workerSize(values);
  const given = new Set(commandFlags(values.extraArgs ?? []).map((flag) => flag.flag));
  const args = [values.image.dask_worker, values.custom_scheduler_url || schedulerAddress];
  if (size.nthreads !== undefined && !given.has('--nthreads')) args.push('--nthreads', String(size.nthreads));
  if (size.memoryLimitBytes !== undefined && !given.has('--memory-limit')) args.push('--memory-limit', String(size.memoryLimitBytes));
  // --no-dashboard drops the Bokeh pages; the HTTP server for /health and /metrics stays on this port.
  args.push('--no-dashboard', `--dashboard-address=:${values.portDashboard}`);
  if (setsWorkerPort(values)) args.push('--worker-port', String(values.port));
  args.push(...(values.extraArgs ?? []));
  return args;
}
