// Consistency checks every environment gets, production or not.
import { containerOf, renderText } from './support/render-fixtures';
import { OWN_PASSWORD_HASH as HASH, problemsOf, warningsOf } from './support/environment-fixtures';


/** Sized workers and a password of its own: no finding. */
const BASE = `namespace: a
dask:
  worker:
    resources:
      requests: {cpu: 2, memory: 4Gi}
      limits: {cpu: 2, memory: 4Gi}
  jupyter:
    password: "${HASH}"
`;

function workerArgs(args: string, text = BASE): string {
  return text.replace('  jupyter:\n', `    extraArgs: ${args}\n  jupyter:\n`);
}

const SAME_RELEASE = 'the scheduler, every worker group and Jupyter must run the same Dask release and Python (the same tag, suffix such as -py3.12 included), or their messages fail to unpickle; use one tag; or accept it with acknowledge: [mixed-dask-versions]';

describe('one Dask release everywhere', () => {
  test('a scheduler on another tag is refused, named against the tag the others share', () => {
    expect(problemsOf(`${BASE}  scheduler:\n    image: {tag: 2025.11.0-py3.12}\n`)).toEqual([
      `FILE:10:18: dask.scheduler.image.tag: "2025.11.0-py3.12" differs from dask.worker.image.tag "2025.11.0": ${SAME_RELEASE}`,
    ]);
  });

  test('a worker group and Jupyter on other tags are refused, each where it is set', () => {
    const text = `${BASE.replace('    password', '    image: {tag: 2025.10.0}\n    password')}  additional_worker_groups:\n    - name: gpu\n      image: {tag: 2025.11.0-py3.13}\n`;
    expect(problemsOf(text)).toEqual([
      `FILE:12:20: dask.additional_worker_groups[0].image.tag: "2025.11.0-py3.13" differs from dask.scheduler.image.tag "2025.11.0": ${SAME_RELEASE}`,
      `FILE:8:18: dask.jupyter.image.tag: "2025.10.0" differs from dask.scheduler.image.tag "2025.11.0": ${SAME_RELEASE}`,
    ]);
  });

  test('one tag everywhere passes, whatever the repositories', () => {
    const text = `${BASE}  scheduler:\n    image: {repository: example.com/dask, tag: 2025.11.0}\n  additional_worker_groups:\n    - name: gpu\n      image: {repository: example.com/dask-gpu, tag: 2025.11.0}\n`;
    expect(warningsOf(text)).toEqual([]);
  });

  test('a deliberate mix is accepted when acknowledged', () => {
    expect(warningsOf(`acknowledge: [mixed-dask-versions]\n${BASE}  scheduler:\n    image: {tag: 2025.11.0-py3.12}\n`)).toEqual([]);
  });

  test('a disabled Jupyter or scheduler is not compared', () => {
    expect(warningsOf(`${BASE.replace('    password', '    enabled: false\n    image: {tag: old}\n    password')}`)).toEqual([]);
  });
});

describe('worker extraArgs against the container', () => {
  test('--nthreads above the CPU limit is refused', () => {
    expect(problemsOf(workerArgs('[--nthreads, "4"]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--nthreads 4\' contradicts resources.limits.cpu (2): more threads than the container has CPU cores; lower --nthreads or raise the CPU limit',
    ]);
  });

  test('--nthreads within the limit is accepted, and replaces the derived one', () => {
    const objects = renderText(workerArgs('[--nthreads=1]'));
    const args: string[] = containerOf(objects.get('Deployment/dask-worker')!).args;
    expect(args.filter((arg) => arg.startsWith('--nthreads'))).toEqual(['--nthreads=1']);
    expect(args).toContain('--memory-limit');
  });

  test('--nthreads that is not a whole number is refused', () => {
    expect(problemsOf(workerArgs('[--nthreads, "1.5"]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--nthreads\' "1.5" is not allowed: must be a whole number of threads, 1 or more',
    ]);
  });

  test('--nthreads beside threads_per_worker is refused', () => {
    expect(problemsOf(workerArgs('[--nthreads, "1"]', BASE.replace('  jupyter:\n', '    threads_per_worker: 1\n  jupyter:\n')))).toEqual([
      'FILE:8:17: dask.worker.extraArgs[0]: \'--nthreads\' is already on dask-worker\'s command line, from threads_per_worker (1): keep one',
    ]);
  });

  test('--memory-limit above the container\'s memory limit is refused', () => {
    expect(problemsOf(workerArgs('[--memory-limit=8GiB]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--memory-limit 8GiB\' (8589934592 bytes) contradicts resources.limits.memory (4Gi, 4294967296 bytes): the kernel kills the worker at the container\'s limit before Dask spills or pauses; lower --memory-limit or raise the memory limit',
    ]);
  });

  test('--memory-limit 0 (no Dask limit) under a container limit is refused', () => {
    expect(problemsOf(workerArgs('[--memory-limit, "0"]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--memory-limit 0\' turns Dask\'s memory limit off while the container has resources.limits.memory (4Gi): the kernel kills the worker at the container\'s limit and Dask never spills to disk; drop the flag (the renderer passes the container\'s limit)',
    ]);
  });

  test('--memory-limit Dask cannot read is refused', () => {
    expect(problemsOf(workerArgs('[--memory-limit, lots]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--memory-limit\' "lots" is not a memory size: use bytes such as 4GiB or 4e9, a fraction such as 0.9, or auto',
    ]);
  });

  test('a fraction, auto, or a size within the limit is accepted and replaces the derived limit', () => {
    for (const value of ['"0.9"', 'auto', '3GiB', '4Gi']) {
      const text = workerArgs(`[--memory-limit, ${value}]`);
      expect(warningsOf(text)).toEqual([]);
      const args: string[] = containerOf(renderText(text).get('Deployment/dask-worker')!).args;
      expect(args.filter((arg) => arg === '--memory-limit')).toHaveLength(1);
    }
  });

  test('an additional group is judged with its own limits, and named', () => {
    const text = `${BASE}  additional_worker_groups:\n    - name: big\n      resources: {requests: {memory: 2Gi}, limits: {memory: 2Gi}}\n      extraArgs: [--memory-limit, 3GiB]\n`;
    expect(problemsOf(text)).toEqual([
      'FILE:12:19: dask.additional_worker_groups[0].extraArgs[0]: \'--memory-limit 3GiB\' (3221225472 bytes) contradicts resources.limits.memory (2Gi, 2147483648 bytes) (worker group "big"): the kernel kills the worker at the container\'s limit before Dask spills or pauses; lower --memory-limit or raise the memory limit',
    ]);
  });
});

describe('duplicate flags', () => {
  test('a worker flag given twice is refused, in either spelling', () => {
    expect(problemsOf(workerArgs('[--resources, MEMORY=1, --resources=GPU=1]'))).toEqual([
      'FILE:7:40: dask.worker.extraArgs[2]: \'--resources\' is given twice (also at entry 0): dask takes only the last one; keep one',
    ]);
  });

  test('flags dask-worker takes many times are accepted', () => {
    expect(warningsOf(workerArgs('[--preload, a, --preload, b]'))).toEqual([]);
  });

  test('a flag the renderer already passes is refused', () => {
    expect(problemsOf(workerArgs('[--dashboard-address, ":9999"]'))).toEqual([
      'FILE:7:17: dask.worker.extraArgs[0]: \'--dashboard-address\' is already on dask-worker\'s command line: set portDashboard instead',
    ]);
    expect(problemsOf(workerArgs('[--worker-port, "9000"]', BASE.replace('  jupyter:\n', '    port: 9100\n  jupyter:\n')))).toEqual([
      'FILE:8:17: dask.worker.extraArgs[0]: \'--worker-port\' is already on dask-worker\'s command line, from port (9100): keep one',
    ]);
  });

  test('the scheduler\'s extraArgs: duplicates and its fixed ports are refused', () => {
    expect(problemsOf(`${BASE}  scheduler:\n    extraArgs: [--port, "9000", --idle-timeout, 1h, --idle-timeout, 2h]\n`)).toEqual([
      'FILE:10:53: dask.scheduler.extraArgs[4]: \'--idle-timeout\' is given twice (also at entry 2): dask takes only the last one; keep one',
      'FILE:10:17: dask.scheduler.extraArgs[0]: \'--port\' is already on dask-scheduler\'s command line: the container port is fixed at 8786; set dask.scheduler.servicePort to change the Service port',
    ]);
  });
});
