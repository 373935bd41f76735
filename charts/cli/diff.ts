import { relative, resolve } from 'path';
import { DIST_DIR } from '../gitops/names';
import { readCommittedTree } from '../validate/git-tree';
import { formatRenderedDiff, renderedDiff } from '../validate/rendered-diff';
import { CommandSpec, ENVIRONMENTS_FLAG, environmentsDirOf, helpText, parseCommandLine, singleValue } from './flags';
import { renderSelected } from './synth';

export interface DiffOptions {
  /** The revision whose committed dist/ is the "before". @default HEAD */
  readonly base: string;
  /** @default <root>/environments */
  readonly environmentsDir: string;
}

export const DIFF_COMMAND: CommandSpec = {
  command: 'npm run diff --',
  summary: 'What a change does to the rendered manifests: the working tree rendered in memory against dist/ as committed at the base, as markdown. Writes nothing.',
  flags: {
    '--base': { value: '<git-ref>', help: 'the revision whose committed dist/ is the "before" (default: HEAD)' },
    '--environments': ENVIRONMENTS_FLAG,
  },
};

/** The options, or undefined when --help was asked for. */
export function parseDiffArgs(args: readonly string[], root = process.cwd()): DiffOptions | undefined {
  const parsed = parseCommandLine(args, DIFF_COMMAND);
  if (parsed.help) return undefined;
  return {
    base: singleValue(parsed, '--base') ?? 'HEAD',
    environmentsDir: environmentsDirOf(parsed, root),
  };
}

/**
 * npm run diff [-- --base <ref>]: what a change does to the rendered manifests. Renders
 * the working tree in memory and compares it, object by object, with dist/ as committed
 * at the base revision. Prints markdown that reads in a terminal and pastes into a
 * pull request. Writes nothing.
 */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseDiffArgs(args, root);
  if (!options) {
    console.log(helpText(DIFF_COMMAND));
    return;
  }
  // Input first: a bad environment file fails before git is asked anything.
  const { folders, warnings } = renderSelected({ envs: [], environmentsDir: options.environmentsDir });
  const committed = readCommittedTree(root, options.base, DIST_DIR);
  const base = `${options.base} (${committed.commit.slice(0, 7)})`;
  // Files named from the repository's root, as a reviewer reads them in the pull request.
  const fromRoot = warnings.map((warning) => ({ ...warning, file: relative(root, resolve(warning.file)) }));
  process.stdout.write(formatRenderedDiff(renderedDiff(committed.files, folders), { base, head: 'working tree', warnings: fromRoot }));
}
