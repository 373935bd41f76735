import { spawnSync } from 'child_process';
import { CommandFailed, UsageError } from '../cli/exit';
import { GENERATED_HEADER } from '../render';
import { folderOf, nameOf } from './files';

/** dist/ as committed at a revision: the files of its generated folders, by path relative to dist/. */
export interface CommittedTree {
  /** The full commit id the ref named. */
  readonly commit: string;
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Reads the generated folders of `dir` (relative to `root`) at `ref` in one
 * `git ls-tree` and one `git cat-file --batch`, whatever the number of files.
 * A folder counts as generated, as for synth's pruning, when its kustomization.yaml
 * starts with the generated header.
 */
export function readCommittedTree(root: string, ref: string, dir = 'dist'): CommittedTree {
  if (ref.startsWith('-')) throw new UsageError(`'--base' ${JSON.stringify(ref)}: not a git revision`);
  git(root, ['rev-parse', '--git-dir']);
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFailure: true }).trim();
  if (commit === '') throw new UsageError(`'--base' ${JSON.stringify(ref)}: no such commit in this repository`);
  const listing = git(root, ['ls-tree', '-r', '-z', commit, '--', `${dir}/`]);
  const blobs: { path: string; id: string }[] = [];
  for (const entry of listing.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    // Symlinks (120000) and submodules are not rendered output.
    if (match && match[1] !== '120000') blobs.push({ id: match[2], path: match[3].slice(dir.length + 1) });
  }
  const contents = catFiles(root, blobs.map((blob) => blob.id));
  const all = new Map(blobs.map((blob, index) => [blob.path, contents[index]]));
  const generated = new Set([...all].filter(([path, text]) => nameOf(path) === 'kustomization.yaml' && text.startsWith(GENERATED_HEADER)).map(([path]) => folderOf(path)));
  const files = new Map([...all].filter(([path]) => [...generated].some((folder) => path.startsWith(`${folder}/`))));
  return { commit, files };
}

/** Blob contents in the order asked, from one `git cat-file --batch`. */
function catFiles(root: string, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const result = spawnSync('git', ['-C', root, 'cat-file', '--batch'], { input: `${ids.join('\n')}\n`, maxBuffer: 512 * 1024 * 1024 });
  failed(result, 'git cat-file --batch');
  const out = result.stdout;
  const texts: string[] = [];
  let at = 0;
  for (const id of ids) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString('utf8');
    const match = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!match || !id.startsWith(match[1].slice(0, id.length))) throw new CommandFailed(`git cat-file answered "${header}" for ${id}`);
    const size = Number(match[2]);
    texts.push(out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1;
  }
  return texts;
}

function git(root: string, args: readonly string[], options: { allowFailure?: boolean } = {}): string {
  const result = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (options.allowFailure && !result.error) return result.status === 0 ? result.stdout : '';
  failed(result, `git ${args[0]}`);
  return result.stdout;
}

function failed(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CommandFailed(missing ? 'git is not installed: npm run diff reads the base revision with git' : `${what}: ${result.error.message}`);
  }
  if (result.status !== 0) throw new CommandFailed(`${what} failed: ${String(result.stderr).trim() || `exit status ${result.status}`}`);
}
