import { resolve } from 'path';
import { UsageError } from '../charts/cli/exit';
import { CommandSpec, helpText, parseCommandLine, singleValue } from '../charts/cli/flags';
import { STEP_NAMES, StepName } from './steps';

export interface BootstrapArgs {
  readonly step: StepName;
  /** An environment name (dev) or a path to its file. */
  readonly env?: string;
  readonly plan: boolean;
  readonly yes: boolean;
  /** Let the access step delete cluster-admin bindings the environment did not render. */
  readonly removeOtherAdmins: boolean;
  /** Absolute; the folder holding gitops/<env>/ and bootstrap/<env>/. */
  readonly dist?: string;
  readonly timeoutMs?: number;
  readonly help: boolean;
}

export const BOOTSTRAP_COMMAND: CommandSpec = {
  command: 'npm run bootstrap --',
  summary: 'Creates the GKE cluster of an environment, its access, and hands it to Flux or Argo CD.',
  positional: { name: 'step', allowed: STEP_NAMES },
  flags: {
    '--env': { value: '<name>', help: "the environment's name, such as --env dev for environments/dev.yaml (or .yml), or a path to its file", required: true },
    '--plan': { help: 'make no change; print what each step would do' },
    '--yes': { help: 'do not ask before changing anything (needed without a terminal)', alias: '-y' },
    '--remove-other-admins': { help: 'the access step deletes the cluster-admin bindings it reports (the tutorial\'s cluster-admin-binding, hand-made ones); other environments\' are never touched' },
    '--dist': { value: '<dir>', help: 'where synth rendered gitops/<env>/ and bootstrap/<env>/ (default: dist)' },
    '--timeout': { value: '<duration>', help: 'how long to wait on a GKE operation, such as 45m (default: 30m)' },
  },
  details: `Steps (each safe to run again); all, the default, runs the first four in this order:
  cluster      create the GKE cluster from cluster: if it is missing, else show how it differs
  credentials  write its kubeconfig context, as gcloud container clusters get-credentials does
  access       apply the ClusterRoleBinding from dist/bootstrap/<env>/ that makes cluster.admins cluster-admin,
               and report cluster-admin bindings the environment did not render
  sync         apply the Flux or Argo CD objects from dist/gitops/<env>/
  destroy      delete the GitOps objects (the controller prunes the workload), then the cluster

Exit status: 0 done (or, with --plan, nothing differs); 1 a failure while working; 2 wrong input
(flags, environment file, dist/ not rendered); 3 drift: --plan found the live cluster differing from
the environment (the differences are listed), or a run left differences it never changes.

Environment: GKE_ENDPOINT=host:port talks to a GKE emulator without TLS or credentials;
KUBECONFIG chooses the kubeconfig read and written (default ~/.kube/config).`,
};

/** What --help prints. */
export const USAGE = helpText(BOOTSTRAP_COMMAND);

export function parseArgs(args: readonly string[], cwd: string = process.cwd()): BootstrapArgs {
  const parsed = parseCommandLine(args, BOOTSTRAP_COMMAND);
  if (parsed.help) return { step: 'all', plan: false, yes: false, removeOtherAdmins: false, help: true };
  const dist = singleValue(parsed, '--dist');
  const timeout = singleValue(parsed, '--timeout');
  return {
    step: (parsed.positional as StepName | undefined) ?? 'all',
    env: singleValue(parsed, '--env'),
    plan: parsed.switches.has('--plan'),
    yes: parsed.switches.has('--yes'),
    removeOtherAdmins: parsed.switches.has('--remove-other-admins'),
    dist: dist === undefined ? undefined : resolve(cwd, dist),
    timeoutMs: timeout === undefined ? undefined : parseDuration(timeout),
    help: false,
  };
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
