import { resolve } from 'path';
import { UsageError } from '../charts/cli/exit';
import { didYouMean } from '../charts/config/did-you-mean';
import { STEP_NAMES, StepName } from './steps';

export interface BootstrapArgs {
  readonly step: StepName;
  /** An environment name (dev) or a path to its file. */
  readonly env?: string;
  readonly plan: boolean;
  readonly yes: boolean;
  /** Absolute; the folder holding gitops/<env>/ and bootstrap/<env>/. */
  readonly dist?: string;
  readonly timeoutMs?: number;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bootstrap -- [step] --env <name> [--plan] [--yes] [--dist <dir>] [--timeout <duration>]

Steps (each safe to run again); all, the default, runs the first four in this order:
  cluster      create the GKE cluster from cluster: if it is missing, else show how it differs
  credentials  write its kubeconfig context, as gcloud container clusters get-credentials does
  access       apply the ClusterRoleBinding from dist/bootstrap/<env>/ that makes cluster.admins cluster-admin
  sync         apply the Flux or Argo CD objects from dist/gitops/<env>/
  destroy      delete the GitOps objects (the controller prunes the workload), then the cluster

Options:
  --env <name>          environments/<name>.yaml or .yml (from the current folder), or a path to a file
  --plan                make no change; print what each step would do
  --yes, -y             do not ask before changing anything (needed without a terminal)
  --dist <dir>          where synth rendered gitops/<env>/ and bootstrap/<env>/ (default: dist)
  --timeout <duration>  how long to wait on a GKE operation, such as 45m (default: 30m)

Environment: GKE_ENDPOINT=host:port talks to a GKE emulator without TLS or credentials;
KUBECONFIG chooses the kubeconfig read and written (default ~/.kube/config).`;

const VALUE_FLAGS = ['--env', '--dist', '--timeout'];

export function parseArgs(args: readonly string[], cwd: string = process.cwd()): BootstrapArgs {
  let step: StepName | undefined;
  let env: string | undefined;
  let dist: string | undefined;
  let timeoutMs: number | undefined;
  let plan = false;
  let yes = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (VALUE_FLAGS.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) throw new UsageError(`'${flag}' needs a value`);
      if (flag === '--env') env = value;
      else if (flag === '--dist') dist = resolve(cwd, value);
      else timeoutMs = parseDuration(value);
    } else if (flag === '--plan') plan = true;
    else if (flag === '--yes' || flag === '-y') yes = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'${hint(arg, ['--env', '--plan', '--yes', '--dist', '--timeout', '--help'])}`);
    else if (step !== undefined) throw new UsageError(`one step at a time: got '${step}' and '${arg}'`);
    else if ((STEP_NAMES as readonly string[]).includes(arg)) step = arg as StepName;
    else throw new UsageError(`unknown step '${arg}'${hint(arg, STEP_NAMES)}: steps are ${STEP_NAMES.join(', ')}`);
  }
  if (!help && env === undefined) throw new UsageError("'--env' is required: the environment's name, such as --env dev for environments/dev.yaml");
  return { step: step ?? 'all', env, plan, yes, dist, timeoutMs, help };
}

/** 45m, 1h30m, 90s. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (!/^(\d+(ms|s|m|h))+$/.test(text)) throw new UsageError(`'--timeout' ${JSON.stringify(text)} is not a duration such as 45m or 1h30m`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(amount) * units[unit];
  if (total <= 0) throw new UsageError(`'--timeout' must be longer than 0`);
  return total;
}

function hint(value: string, allowed: readonly string[]): string {
  const guess = didYouMean(value, [...allowed]);
  return guess ? ` (did you mean '${guess}'?)` : '';
}
