import { relative, resolve } from 'path';
import { InputError, Problem } from '../config/errors';
import { environmentFile, environmentFiles } from '../config/environment-files';
import { loadEnvironment } from '../config/load-environment';
import { Environment } from '../config/values';
import { writeRendered } from '../output';
import { RenderedFolder, renderEnvironments } from '../render';
import { CommandSpec, helpText, parseCommandLine, singleValue } from './flags';

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
    '--env': { value: '<name>', help: 'render only this environment (environments/<name>.yaml); the others are left as they are', repeatable: true },
    '--environments': { value: '<dir>', help: 'where the environment files are (default: environments)' },
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
    environmentsDir: resolve(root, singleValue(parsed, '--environments') ?? 'environments'),
    outDir: resolve(root, out ?? 'dist'),
  };
}

/** Loads the chosen environments, reporting the problems of every file together. */
export function loadEnvironments(options: Pick<SynthOptions, 'envs' | 'environmentsDir'>): Environment[] {
  const available = environmentFiles(options.environmentsDir);
  const chosen = options.envs.length > 0 ? options.envs : [...available.keys()];
  const files = chosen.map((name) => environmentFile(available, name));
  const problems: Problem[] = [];
  const envs: Environment[] = [];
  for (const file of files) {
    try {
      envs.push(loadEnvironment(file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return envs;
}

/** Loads and renders in memory; no file is touched. */
export function renderSelected(options: Pick<SynthOptions, 'envs' | 'environmentsDir'>): RenderedFolder[] {
  return renderEnvironments(loadEnvironments(options));
}

/** npm run synth [-- --env <name>]: renders environments into dist/<env>/, all or nothing. */
export async function main(args: string[], root = process.cwd()): Promise<void> {
  const options = parseSynthArgs(args, root);
  if (!options) {
    console.log(helpText(SYNTH_COMMAND));
    return;
  }
  const folders = renderSelected(options);
  const result = writeRendered(options.outDir, folders, { prune: options.envs.length === 0 });
  const shown = relative(root, options.outDir) || '.';
  for (const folder of folders) {
    const objects = folder.files.size - 1;
    console.log(`rendered ${shown}/${folder.folder}/ (${objects} object${objects === 1 ? '' : 's'})`);
  }
  for (const folder of result.removed) console.log(`removed ${shown}/${folder}/ (its environment file is gone)`);
}
