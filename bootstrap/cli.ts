// `npm run bootstrap -- <step> --env <name> [--plan] [--yes]`: reads the
// environment's cluster: and gitops: sections and runs the steps in order.
// The launcher (charts/run.js) calls main and maps errors to exit codes.
import { existsSync, readdirSync } from 'fs';
import { isAbsolute, join, resolve } from 'path';
import { UsageError } from '../charts/cli/exit';
import { InputError } from '../charts/config/errors';
import { loadEnvironment } from '../charts/config/load-environment';
import { ClusterSpec, Environment } from '../charts/config/values';
import { parseArgs, USAGE } from './args';
import { systemClock } from './clock';
import { DEFAULT_TIMING, Dependencies, StepContext } from './context';
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
  const env = loadEnvironment(environmentFile(parsed.env, cwd));
  const spec = clusterOf(env);
  const timing = overrides.timing ?? DEFAULT_TIMING;
  const deps: Dependencies = {
    prompt: terminalPrompt(),
    clock: systemClock,
    connectGke: () => connectGke(process.env),
    kube: new Kubectl(),
    kubeconfig: kubeconfigPath(),
    distRoot: resolve(cwd, 'dist'),
    ...overrides,
    out,
    timing: parsed.timeoutMs === undefined ? timing : { ...timing, operationTimeoutMs: parsed.timeoutMs },
    ...(parsed.dist === undefined ? {} : { distRoot: parsed.dist }),
  };
  const ctx = new StepContext(env, spec, deps, { plan: parsed.plan, yes: parsed.yes });
  if (parsed.plan) out.line('plan: nothing will be changed');
  try {
    await runStep(ctx, parsed.step);
  } finally {
    await ctx.close();
  }
}

/** --env dev means environments/dev.yaml under the current folder; a path is taken as it is. */
export function environmentFile(env: string, cwd: string): string {
  const isPath = env.includes('/') || /\.ya?ml$/.test(env);
  const file = isPath ? (isAbsolute(env) ? env : resolve(cwd, env)) : join(cwd, 'environments', `${env}.yaml`);
  if (existsSync(file)) return file;
  const folder = join(cwd, 'environments');
  const known = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -5)).sort() : [];
  const listing = known.length > 0 ? `; environments here: ${known.join(', ')}` : '; run from the repository root, where environments/ is';
  throw new UsageError(`--env ${env}: ${file} not found${listing}`);
}

function clusterOf(env: Environment): ClusterSpec {
  if (env.cluster) return env.cluster;
  throw new InputError([{ file: env.file, path: ['cluster'], message: 'missing: bootstrap needs a cluster: section (at least project, location and name)' }]);
}
