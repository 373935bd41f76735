import { parsePath } from '../config/json-path';
import { environmentFile, environmentFiles } from '../config/environment-files';
import { loadEnvironmentFile } from '../config/load-environment';
import { explain } from '../config/provenance';
import { UsageError } from './exit';
import { CommandSpec, ENVIRONMENTS_FLAG, environmentsDirOf, helpText, parseCommandLine, singleValue } from './flags';

export interface ExplainOptions {
  readonly env: string;
  /** The field to explain, e.g. ['dask', 'worker', 'resources']. @default the whole environment */
  readonly field: (string | number)[];
  /** @default <root>/environments */
  readonly environmentsDir: string;
}

export const EXPLAIN_COMMAND: CommandSpec = {
  command: 'npm run explain --',
  summary: 'Prints the merged value of an environment, or of one field (such as dask.worker.resources), with the file and line that set each value: the environment\'s file, a base it extends, or the default.',
  flags: {
    '--env': { value: '<name>', help: 'the environment to explain (environments/<name>.yaml)', required: true },
    '--environments': ENVIRONMENTS_FLAG,
  },
  positional: { name: 'field' },
  details: 'A field is written as errors print it: dask.worker.resources, dask.additional_worker_groups[0].name,\ndask.worker.nodeSelector["cloud.google.com/gke-nodepool"].',
};

/** The options, or undefined when --help was asked for. */
export function parseExplainArgs(args: readonly string[], root = process.cwd()): ExplainOptions | undefined {
  const parsed = parseCommandLine(args, EXPLAIN_COMMAND);
  if (parsed.help) return undefined;
  const field = parsed.positional === undefined ? [] : parsePath(parsed.positional);
  if (field === undefined) {
    throw new UsageError(`${JSON.stringify(parsed.positional)} is not a field path: write it as dask.worker.resources, dask.additional_worker_groups[0].name or dask.worker.nodeSelector["cloud.google.com/gke-nodepool"]`);
  }
  return {
    env: singleValue(parsed, '--env') as string,
    field,
    environmentsDir: environmentsDirOf(parsed, root),
  };
}

/**
 * npm run explain -- --env prod [dask.worker.resources]: the merged value of an
 * environment, or of one field, with the file and line that set each leaf (the
 * environment's file, a base it extends) or the default. Loads only that environment's
 * chain and renders nothing.
 */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseExplainArgs(args, root);
  if (!options) {
    console.log(helpText(EXPLAIN_COMMAND));
    return;
  }
  // Only this environment's chain: explain renders nothing, so it needs no other file.
  const loaded = loadEnvironmentFile(environmentFile(environmentFiles(options.environmentsDir), options.env));
  process.stdout.write(explain(loaded, options.field));
}
