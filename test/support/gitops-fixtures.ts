import { execFileSync } from 'child_process';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { main as synth } from '../../charts/cli/synth';
import { tempDir } from './temp-dirs';

export const REPO_ROOT = join(__dirname, '..', '..');

/** A scratch project root holding a copy of the shipped environments, and dist/ rendered from them unless `render` is false. */
export async function scratchProject(prefix: string, render = true): Promise<string> {
  const root = tempDir(`dask-gitops-${prefix}-`);
  cpSync(join(REPO_ROOT, 'environments'), join(root, 'environments'), { recursive: true });
  if (render) await captured(() => synth([], root));
  return root;
}

/** What a command printed, and what it threw (if anything). */
export interface Captured {
  readonly out: string;
  readonly err: string;
  readonly error?: Error;
}

/** Runs a command's main with console.log/console.error and stdout captured. */
export async function captured(run: () => Promise<void>): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => { out.push(`${parts.join(' ')}\n`); });
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => { err.push(`${parts.join(' ')}\n`); });
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await run();
    return { out: out.join(''), err: err.join('') };
  } catch (thrown) {
    return { out: out.join(''), err: err.join(''), error: thrown as Error };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

/** Replaces `from` by `to` in a file, failing loudly when `from` is not there. */
export function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${String(from)} not found in ${path}`);
  writeFileSync(path, changed);
}

/** Runs git in `root` with a fixed identity, so commits work on any machine. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
}

/** Makes `root` a git repository whose first commit holds everything in it. */
export function initRepo(root: string, message: string): void {
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}
