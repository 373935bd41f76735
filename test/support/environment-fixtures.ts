import { copyFileSync, readdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { formatProblem, InputError } from '../../charts/config/errors';
import { loadEnvironment, loadEnvironmentFile } from '../../charts/config/load-environment';
import { loadEnvironments } from '../../charts/config/load-environments';
import { Environment } from '../../charts/config/values';
import { tempDir } from './temp-dirs';

/** A Jupyter password hash that is not the chart's default (of a password nobody uses). */
export const OWN_PASSWORD_HASH = 'argon2:$argon2id$v=19$m=10240,t=10,p=8$8cEl8Xi0TOmLhdbtLAo+BA$FE4Bor2MCmpI36rQuSjHCQ';

/** A minimal valid environment body; tests append or replace parts of it. */
export const MINIMAL = 'namespace: dask-test\n';

/** Writes `text` as environments/<name>.yaml in a fresh temp folder and returns the path. */
export function writeEnvironment(text: string, name = 'test'): string {
  const dir = tempDir('dask-gitops-env-');
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

export function loadText(text: string, name = 'test'): Environment {
  return loadEnvironment(writeEnvironment(text, name));
}

const SHIPPED = join(__dirname, '..', '..', 'environments');

/** As loadText, beside a copy of the shipped bases (environments/_*.yaml), for a shipped overlay edited by a test. */
export function loadBesideShippedBases(text: string, name: string): Environment {
  const file = writeEnvironment(text, name);
  for (const base of readdirSync(SHIPPED).filter((entry) => /^_.*\.ya?ml$/.test(entry))) copyFileSync(join(SHIPPED, base), join(dirname(file), base));
  return loadEnvironment(file);
}

/** The formatted warnings (file path replaced by FILE) of an environment that loads. */
export function warningsOf(text: string, name = 'test'): string[] {
  const file = writeEnvironment(text, name);
  return loadEnvironmentFile(file).warnings.map((warning) => formatProblem(warning).split(file).join('FILE'));
}

/** The formatted problems (file path replaced by FILE) that loading `text` reports. */
export function problemsOf(text: string, name = 'test'): string[] {
  const file = writeEnvironment(text, name);
  try {
    loadEnvironment(file);
  } catch (error) {
    if (error instanceof InputError) return error.message.split(file).join('FILE').split('\n');
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

/** An environments folder holding `files` (name -> YAML); returns its path. */
export function environmentsFolder(files: Record<string, string>): string {
  const dir = tempDir('dask-gitops-envs-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The formatted problems of loading the folder (all, or the named environments), the folder's path replaced by DIR. */
export function folderProblemsOf(dir: string, envs: string[] = []): string[] {
  try {
    loadEnvironments({ envs, environmentsDir: dir });
  } catch (error) {
    if (error instanceof InputError) return error.message.split(dir).join('DIR').split('\n');
    throw error;
  }
  throw new Error('expected the environments to be refused');
}
