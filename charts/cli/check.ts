import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import { writeRendered } from '../output';
import { compareFiles, readGeneratedFiles } from '../validate/drift';
import { overlaySchemaState } from '../config/overlay-schema';
import { CommandFailed } from './exit';
import { CommandSpec, ENVIRONMENTS_FLAG, environmentsDirOf, helpText, parseCommandLine, singleValue } from './flags';
import { renderSelected } from './synth';

export interface CheckOptions {
  /** @default <root>/environments */
  readonly environmentsDir: string;
  /** @default <root>/dist */
  readonly distDir: string;
}

export const CHECK_COMMAND: CommandSpec = {
  command: 'npm run check --',
  summary: 'Renders every environment into a temporary folder and fails, listing the files, when dist/ differs. Writes nothing.',
  flags: {
    '--environments': ENVIRONMENTS_FLAG,
    '--dist': { value: '<dir>', help: 'the rendered folder to compare (default: dist)' },
  },
};

/** The options, or undefined when --help was asked for. */
export function parseCheckArgs(args: readonly string[], root = process.cwd()): CheckOptions | undefined {
  const parsed = parseCommandLine(args, CHECK_COMMAND);
  if (parsed.help) return undefined;
  return {
    environmentsDir: environmentsDirOf(parsed, root),
    distDir: resolve(root, singleValue(parsed, '--dist') ?? 'dist'),
  };
}

const LEGEND: Record<'added' | 'removed' | 'changed', string> = {
  added: 'rendered, missing from',
  removed: 'no longer rendered, still in',
  changed: 'differs from the render',
};

/**
 * npm run check: renders every environment into a temporary folder, through the same
 * writeRendered as synth, and fails when dist/ is not byte for byte that render (a
 * commit without re-rendering, or a hand edit). Never writes to dist/.
 */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseCheckArgs(args, root);
  if (!options) {
    console.log(helpText(CHECK_COMMAND));
    return;
  }
  const { folders } = renderSelected({ envs: [], environmentsDir: options.environmentsDir });
  const shown = relative(root, options.distDir) || '.';
  const scratch = mkdtempSync(join(tmpdir(), 'dask-gitops-check-'));
  try {
    const renderedDir = join(scratch, 'dist');
    writeRendered(renderedDir, folders, { prune: true });
    const expected = readGeneratedFiles(renderedDir);
    const changes = compareFiles(expected, readGeneratedFiles(options.distDir, folders.map((folder) => folder.folder)));
    const overlaySchema = overlaySchemaState(options.environmentsDir);
    if (overlaySchema.expected !== overlaySchema.actual) {
      throw new CommandFailed(`${relative(root, overlaySchema.file)} is not what schema.json derives: run npm run synth and commit it`);
    }
    if (changes.length === 0) {
      console.log(`${shown}/ matches what the code renders: ${expected.size} files in ${folders.length} folders`);
      return;
    }
    console.log(`${shown}/ differs from what the code renders in ${changes.length} file(s):`);
    for (const change of changes) {
      const where = change.change === 'changed' ? `${LEGEND.changed} from line ${change.line}` : `${LEGEND[change.change]} ${shown}/`;
      console.log(`  ${change.change.padEnd(7)}  ${shown}/${change.file}  (${where})`);
    }
    throw new CommandFailed(`${shown}/ is stale or was edited by hand: run npm run synth and commit ${shown}/`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
