import { existsSync, readdirSync } from 'fs';
import { isAbsolute, join, relative, resolve } from 'path';
import { UsageError } from '../cli/exit';

/** A file whose name starts with this is a base: other files extend it; it is never rendered. */
export const BASE_PREFIX = '_';

/** Every *.yaml (or *.yml) in the folder, by name (file name without the extension). */
export function yamlFiles(environmentsDir: string): Map<string, string> {
  if (!existsSync(environmentsDir)) throw new UsageError(`no environments folder at ${environmentsDir}`);
  const files = readdirSync(environmentsDir).filter((file) => /\.ya?ml$/.test(file)).sort();
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = file.replace(/\.ya?ml$/, '');
    const other = byName.get(name);
    if (other !== undefined) throw new UsageError(`${other} and ${shortPath(join(environmentsDir, file))} both define the environment "${name}": keep one`);
    byName.set(name, shortPath(join(environmentsDir, file)));
  }
  return byName;
}

/** Environment files: every *.yaml (or *.yml) in the folder but the bases, by environment name. */
export function environmentFiles(environmentsDir: string): Map<string, string> {
  return new Map([...yamlFiles(environmentsDir)].filter(([name]) => !isBaseName(name)));
}

export function isBaseName(name: string): boolean {
  return name.startsWith(BASE_PREFIX);
}

/** The file of `--env <name>`; one message for a typo, whichever command was given it. */
export function environmentFile(available: ReadonlyMap<string, string>, name: string): string {
  const file = available.get(name);
  if (file === undefined) {
    const base = isBaseName(name) ? ' (a name starting with _ is a base: checked, never rendered on its own)' : '';
    throw new UsageError(`'--env' ${JSON.stringify(name)}: no such environment${base}; available: ${[...available.keys()].join(', ') || '(none)'}`);
  }
  return file;
}

/**
 * --env dev means the environment synth calls dev: environments/dev.yaml (or .yml)
 * under `cwd`, found as synth finds it. A path is taken as it is.
 */
export function resolveEnvironmentFile(env: string, cwd: string): string {
  if (env.includes('/') || /\.ya?ml$/.test(env)) {
    const file = isAbsolute(env) ? env : resolve(cwd, env);
    if (!existsSync(file)) throw new UsageError(`'--env' ${JSON.stringify(env)}: ${file} not found`);
    return file;
  }
  const folder = join(cwd, 'environments');
  if (!existsSync(folder)) throw new UsageError(`'--env' ${JSON.stringify(env)}: no environments/ folder in ${cwd}: run from the repository root, or give the file's path`);
  return environmentFile(environmentFiles(folder), env);
}

/** Paths in messages relative to the working directory, as a user would type them. */
export function shortPath(path: string): string {
  const short = relative(process.cwd(), path);
  return short.startsWith('..') ? path : short;
}
