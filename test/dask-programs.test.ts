// Runs the rendered scheduler and worker command lines with Debian's python3-distributed
// on loopback, on each Debian generation (this machine's and the trixie root). Only
// addresses and ports are rewritten to 127.0.0.1 and free ports; every other argument
// reaches the real dask-scheduler and dask-worker as rendered.
import { containerOf, renderText } from './support/render-fixtures';
import { freePort, RunningProcess, runToEnd, waitForPort } from './support/processes';
import { DEBIAN_GENERATIONS } from './support/debian-generations';
import { describeWithPython } from './support/require-program';

const PYTHON = '/usr/bin/python3';

const objects = renderText([
  'release: my-dask',
  'namespace: dask',
  'dask:',
  '  worker:',
  '    resources: {limits: {cpu: 1500m, memory: 4096Mi}}',
  '  additional_worker_groups:',
  '    - name: small',
  '      threads_per_worker: 3',
  '      resources: {limits: {cpu: 500m, memory: 500M}}',
  '',
].join('\n'));

/** Replaces `--flag=value` or `--flag value` in rendered args. */
function withArg(args: string[], flag: string, value: string): string[] {
  const out = [...args];
  const joined = out.findIndex((arg) => arg.startsWith(`${flag}=`));
  if (joined >= 0) out[joined] = `${flag}=${value}`;
  else out.splice(out.indexOf(flag) + 1, 1, value);
  return out;
}

for (const generation of DEBIAN_GENERATIONS) {
  describeWithPython('rendered Dask command lines on the real programs', generation, PYTHON, ['distributed'], ['dask-scheduler', 'dask-worker'], () => {
    const started: RunningProcess[] = [];
    afterAll(async () => {
      await Promise.all(started.map((p) => p.stop()));
    });

    test('workers register with the rendered threads and memory and run a task', async () => {
      const schedulerPort = await freePort();
      const [program, ...schedulerArgs] = containerOf(objects.get('Deployment/my-dask-scheduler')!).args as string[];
      expect(program).toBe('dask-scheduler');
      let args = withArg(schedulerArgs, '--port', String(schedulerPort));
      args = withArg(args, '--dashboard-address', `127.0.0.1:${await freePort()}`);
      const scheduler = new RunningProcess('dask-scheduler', ...generation.wrap(program, [...args, '--host=127.0.0.1']));
      started.push(scheduler);
      await waitForPort(schedulerPort, 30000, scheduler);

      const expected: { nthreads: number; memory_limit: number }[] = [];
      for (const name of ['Deployment/my-dask-worker', 'Deployment/my-dask-worker-small']) {
        const [command, address, ...workerArgs] = containerOf(objects.get(name)!).args as string[];
        expect(address).toBe('my-dask-scheduler:8786');
        const rewritten = withArg(workerArgs, '--dashboard-address', `127.0.0.1:${await freePort()}`);
        started.push(new RunningProcess(command, ...generation.wrap(command, [`127.0.0.1:${schedulerPort}`, ...rewritten, '--host', '127.0.0.1'])));
        expected.push({
          nthreads: Number(workerArgs[workerArgs.indexOf('--nthreads') + 1]),
          memory_limit: Number(workerArgs[workerArgs.indexOf('--memory-limit') + 1]),
        });
      }
      expect(expected).toEqual([{ nthreads: 1, memory_limit: 4294967296 }, { nthreads: 3, memory_limit: 500000000 }]);

      const client = [
        'import json, sys',
        'from distributed import Client',
        `client = Client("127.0.0.1:${schedulerPort}", timeout=30)`,
        'client.wait_for_workers(2, timeout=60)',
        'workers = [{"nthreads": w["nthreads"], "memory_limit": w["memory_limit"]} for w in client.scheduler_info()["workers"].values()]',
        'result = client.submit(lambda x: x + 1, 41).result(timeout=30)',
        'print(json.dumps({"workers": sorted(workers, key=lambda w: w["nthreads"]), "result": result}))',
        'client.close()',
      ].join('\n');
      const report = JSON.parse(await runToEnd(...generation.wrap(PYTHON, ['-']), client));
      expect(report).toEqual({ workers: expected, result: 42 });
    });
  });
}
