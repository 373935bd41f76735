import { relative, resolve } from 'path';
import { checkRenderedSizes } from '../check-rendered-size';
import { formatProblem, InputError, mergeProblems, Problem } from '../config/errors';
import { loadEnvironments as loadAllEnvironments } from '../config/load-environments';
import { OVERLAY_SCHEMA_FILE, writeOverlaySchema } from '../config/overlay-schema';
import { Environment } from '../config/values';
import { writeRendered } from '../output';
import { accessFolder } from '../constructs/cluster-access';
import { gitopsFolder } from '../gitops/names';
import { environmentFolders, RenderedFolder, renderEnvironments } from '../render';
import { CommandSpec, ENVIRONMENTS_FLAG, environmentsDirOf, helpText, parseCommandLine, singleValue } from './flags';

export interface SynthOptions {
  /** Render only these environments; others' output is left alone. @default all */
  readonly envs: string[];
  /** @default <root>/environments */
  readonly environmentsDir: string;
  /** @default <root>/dist, or CDK8S_OUTDIR when cdk8s synth runs us */
  readonly outDir: string;
}

export const SYNTH_COMMAND: CommandSpec = {
  command: 'npm run synth --',
  summary: 'Renders environments into dist/<env>/, all or nothing: a bad environment file changes nothing.',
  flags: {
    '--env': { value: '<name>', help: 'render only this environment (environments/<name>.yaml); the others are left as they are, but every file is still checked', repeatable: true },
    '--environments': ENVIRONMENTS_FLAG,
    '--out': { value: '<dir>', help: 'where to render (default: dist, or CDK8S_OUTDIR when cdk8s synth runs us)' },
  },
};

/** The options, or undefined when --help was asked for. */
export function parseSynthArgs(args: readonly string[], root = process.cwd()): SynthOptions | undefined {
  const parsed = parseCommandLine(args, SYNTH_COMMAND);
  if (parsed.help) return undefined;
  const out = singleValue(parsed, '--out') ?? process.env.CDK8S_OUTDIR;
  return {
    envs: [...(parsed.values.get('--env') ?? [])],
    environmentsDir: environmentsDirOf(parsed, root),
    outDir: resolve(root, out ?? 'dist'),
  };
}

/** The chosen environments, every file loaded and checked (charts/config/load-environments.ts). */
export function loadEnvironments(options: Pick<SynthOptions, 'envs' | 'environmentsDir'>): Environment[] {
  return loadAllEnvironments(options).map(({ environment }) => environment);
}

/** What a render produced: the folders, and the warnings to show beside them. */
export interface RenderResult {
  readonly envs: Environment[];
  readonly folders: RenderedFolder[];
  /** The rendered environments' warnings, one each (a base's once, naming who inherits it). */
  readonly warnings: Problem[];
}

/** The chosen environments rendered in memory, each object within the size the API server stores; no file is touched. */
export function renderSelected(options: Pick<SynthOptions, 'envs' | 'environmentsDir'>): RenderResult {
  const loaded = loadAllEnvironments(options);
  const envs = loaded.map(({ environment }) => environment);
  const folders = renderEnvironments(envs);
  const problems = checkRenderedSizes(folders, loaded);
  if (problems.length > 0) throw new InputError(problems);
  return { envs, folders, warnings: mergeProblems(loaded.flatMap(({ warnings }) => warnings)) };
}

/** Warnings on stderr, one a line with file and line, then a count; they never fail a run. */
function printWarnings(warnings: readonly Problem[]): void {
  for (const warning of warnings) console.error(`WARNING ${formatProblem(warning)}`);
  if (warnings.length > 0) console.error(`${warnings.length} warning(s); accepted, and shown in npm run diff for review.`);
}

/** npm run synth [-- --env <name>]: renders environments into dist/<env>/, all or nothing. */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseSynthArgs(args, root);
  if (!options) {
    console.log(helpText(SYNTH_COMMAND));
    return;
  }
  const { envs, folders, warnings } = renderSelected(options);
  // Under --env, only the named environments' own folders may go (a gitops: or cluster: section removed).
  const prune = options.envs.length === 0 ? true : envs.flatMap((env) => environmentFolders(env.name));
  const result = writeRendered(options.outDir, folders, { prune });
  const shown = relative(root, options.outDir) || '.';
  const lines = folders.map((folder) => {
    const objects = folder.files.size - 1;
    return `rendered ${shown}/${folder.folder}/ (${objects} object${objects === 1 ? '' : 's'})`;
  });
  for (const folder of result.removed) lines.push(`removed ${shown}/${folder}/ (${whyRemoved(folder, envs)})`);
  // One write: a fleet prints hundreds of lines, and each console.log is a write of its own.
  if (lines.length > 0) console.log(lines.join('\n'));
  printWarnings(warnings);
  if (writeOverlaySchema(options.environmentsDir)) console.log(`wrote ${relative(root, options.environmentsDir) || '.'}/${OVERLAY_SCHEMA_FILE} (schema.json changed)`);
}

/** Why a folder this render did not produce was removed, from what the environments say now. */
function whyRemoved(folder: string, envs: readonly Environment[]): string {
  const env = envs.find((candidate) => environmentFolders(candidate.name).includes(folder));
  if (env === undefined) return 'its environment file is gone';
  if (folder === gitopsFolder(env.name) && !env.gitops) return `${env.file} has no gitops: section`;
  if (folder === accessFolder(env.name) && !env.cluster) return `${env.file} has no cluster: section`;
  return `${env.file} no longer renders it`;
}
