// `npm run bootstrap -- <step> --env <name> [--plan] [--yes]`: reads the
// environment's cluster: and gitops: sections and runs the steps in order.
// The launcher (charts/run.js) calls main and maps errors to exit codes.
import { resolve } from 'path';
import { CommandFailed, EXIT_DRIFT } from '../charts/cli/exit';
import { resolveEnvironmentFile } from '../charts/config/environment-files';
import { InputError } from '../charts/config/errors';
import { loadEnvironment } from '../charts/config/load-environment';
import { ClusterSpec, Environment } from '../charts/config/values';
import { parseArgs, USAGE } from './args';
import { systemClock } from './clock';
import { DEFAULT_TIMING, Dependencies, StepContext } from './context';
import { connectDataAccess } from './data-access-client';
import { connectGke } from './gke-client';
import { kubeconfigPath } from './kubeconfig';
import { Kubectl } from './kubectl';
import { Output } from './output';
import { terminalPrompt } from './prompt';
import { runStep } from './steps';

/** `overrides` lets tests inject loopback servers, a scripted prompt, fast timing and a captured output. */
export async function main(args: string[], overrides: Partial<Dependencies> = {}): Promise<void> {
  const cwd = process.cwd();
  const parsed = parseArgs(args, cwd);
  const out = overrides.out ?? new Output(process.stdout, process.stderr);
  if (parsed.help || parsed.env === undefined) {
    out.line(USAGE);
    return;
  }
  const env = loadEnvironment(resolveEnvironmentFile(parsed.env, cwd));
  const spec = clusterOf(env);
  const timing = overrides.timing ?? DEFAULT_TIMING;
  const deps: Dependencies = {
    prompt: terminalPrompt(),
    clock: systemClock,
    connectGke: () => connectGke(process.env),
    connectDataAccess: () => connectDataAccess(process.env),
    kube: new Kubectl(),
    kubeconfig: kubeconfigPath(),
    distRoot: resolve(cwd, 'dist'),
    ...overrides,
    out,
    timing: parsed.timeoutMs === undefined ? timing : { ...timing, operationTimeoutMs: parsed.timeoutMs },
    ...(parsed.dist === undefined ? {} : { distRoot: parsed.dist }),
  };
  const ctx = new StepContext(env, spec, deps, { plan: parsed.plan, yes: parsed.yes, removeOtherAdmins: parsed.removeOtherAdmins });
  if (parsed.plan) out.line('plan: nothing will be changed');
  try {
    await runStep(ctx, parsed.step);
  } finally {
    await ctx.close();
  }
  if (ctx.drift.length > 0) {
    const what = `${ctx.drift.length} difference(s) between the live cluster and ${env.file}`;
    throw new CommandFailed(parsed.plan
      ? `--plan found ${what} (listed above); exit status ${EXIT_DRIFT} means drift`
      : `the run finished, but ${what} remain, which bootstrap never changes (listed above); exit status ${EXIT_DRIFT} means drift`, EXIT_DRIFT);
  }
}

function clusterOf(env: Environment): ClusterSpec {
  if (env.cluster) return env.cluster;
  throw new InputError([{ file: env.file, path: ['cluster'], message: 'missing: bootstrap needs a cluster: section (at least project, location and name)' }]);
}
