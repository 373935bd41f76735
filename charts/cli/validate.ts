import { relative, resolve } from 'path';
import { findKubectl, validateDist } from '../validate/validate-dist';
import { CommandFailed } from './exit';
import { CommandSpec, helpText, parseCommandLine, singleValue } from './flags';

export interface ValidateCliOptions {
  /** @default <root>/dist */
  readonly distDir: string;
}

export const VALIDATE_COMMAND: CommandSpec = {
  command: 'npm run validate --',
  summary: 'Checks every file under dist/ offline against the Kubernetes, Flux, Argo CD and Prometheus Operator schemas, and builds each folder with kubectl kustomize when kubectl is installed.',
  flags: {
    '--dist': { value: '<dir>', help: 'the rendered folder to check (default: dist)' },
  },
};

/** The options, or undefined when --help was asked for. */
export function parseValidateArgs(args: readonly string[], root = process.cwd()): ValidateCliOptions | undefined {
  const parsed = parseCommandLine(args, VALIDATE_COMMAND);
  if (parsed.help) return undefined;
  return { distDir: resolve(root, singleValue(parsed, '--dist') ?? 'dist') };
}

/**
 * npm run validate: every file under dist/ against the Kubernetes, Flux and Argo CD
 * schemas, offline; with kubectl, each folder built as the controller builds it.
 */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseValidateArgs(args, root);
  if (!options) {
    console.log(helpText(VALIDATE_COMMAND));
    return;
  }
  const shown = relative(root, options.distDir) || '.';
  const kubectl = findKubectl();
  if (!kubectl) {
    const note = 'kubectl not found on PATH: skipping the kubectl kustomize builds';
    if (process.env.REQUIRE_INTEGRATION === '1') throw new CommandFailed(`${note} (REQUIRE_INTEGRATION=1 makes this a failure)`);
    console.log(`note: ${note}`);
  }
  const report = validateDist(options.distDir, { kubectl });
  for (const problem of report.problems) {
    console.error(`ERROR - ${shown}/${problem.file}: ${problem.field}: ${problem.message}`);
  }
  if (kubectl) console.log(`built ${report.builds} folders with kubectl kustomize`);
  console.log(`${report.files} files checked, ${report.problems.length} errors`);
  if (report.files === 0) throw new CommandFailed(`no YAML files under ${shown}/: run npm run synth first`);
  if (report.problems.length > 0) throw new CommandFailed(`${shown}/ is not valid: fix the errors above (in environments/ or charts/, then npm run synth)`);
}
