import { workerArgs, workerSize } from '../charts/constructs/worker-args';
import { loadText } from './support/environment-fixtures';

function worker(values: string) {
  return loadText(`namespace: a\ndask:\n  worker:\n${values}`).dask.worker;
}

describe('worker size', () => {
  test('passes no size without limits, as the chart does', () => {
    expect(workerSize(worker('    replicas: 1\n'))).toEqual({ nthreads: undefined, memoryLimitBytes: undefined });
  });

  test('rounds a fractional CPU limit down to whole threads', () => {
    expect(workerSize(worker('    resources: {limits: {cpu: 1.5, memory: 4G}}\n')).nthreads).toBe(1);
    expect(workerSize(worker('    resources: {limits: {cpu: 3500m, memory: 4G}}\n')).nthreads).toBe(3);
  });

  test('gives at least one thread below one CPU', () => {
    expect(workerSize(worker('    resources: {limits: {cpu: 500m, memory: 4G}}\n')).nthreads).toBe(1);
  });

  test('threads_per_worker wins over the CPU limit, with or without limits', () => {
    expect(workerSize(worker('    threads_per_worker: 4\n    resources: {limits: {cpu: 2, memory: 4G}}\n')).nthreads).toBe(4);
    expect(workerSize(worker('    threads_per_worker: 2\n')).nthreads).toBe(2);
  });

  test('memory limit is the byte count Kubernetes enforces', () => {
    expect(workerSize(worker('    resources: {limits: {cpu: 1, memory: 4096Mi}}\n')).memoryLimitBytes).toBe(4294967296n);
    expect(workerSize(worker('    resources: {limits: {cpu: 1, memory: 4e9}}\n')).memoryLimitBytes).toBe(4000000000n);
    expect(workerSize(worker('    resources: {limits: {cpu: 1, memory: 500M}}\n')).memoryLimitBytes).toBe(500000000n);
  });

  test('limits without cpu or memory fall back to default_resources', () => {
    expect(workerSize(worker('    resources: {limits: {nvidia.com/gpu: 1}}\n'))).toEqual({ nthreads: 1, memoryLimitBytes: 4n * 2n ** 30n });
  });
});

describe('worker args', () => {
  test('follow the chart order, with the scheduler address second', () => {
    expect(workerArgs(worker('    port: 9000\n    extraArgs: [--preload, setup.py]\n    resources: {limits: {cpu: 2, memory: 8Gi}}\n'), 'dask-scheduler:8786')).toEqual([
      'dask-worker', 'dask-scheduler:8786', '--nthreads', '2', '--memory-limit', '8589934592',
      '--no-dashboard', '--dashboard-address=:8790', '--worker-port', '9000', '--preload', 'setup.py',
    ]);
  });

  test('custom_scheduler_url replaces the chart scheduler', () => {
    expect(workerArgs(worker('    custom_scheduler_url: tcp://elsewhere:8786\n'), 'dask-scheduler:8786')[1]).toBe('tcp://elsewhere:8786');
  });

  test('dask_worker changes the command, e.g. for GPUs', () => {
    expect(workerArgs(worker('    image: {dask_worker: dask-cuda-worker}\n'), 's:1')[0]).toBe('dask-cuda-worker');
  });
});
