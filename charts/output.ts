import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { GENERATED_HEADER, RenderedFolder } from './render';
import { KUSTOMIZATION_FILE } from './rendered-folder';

const STAGING_PREFIX = '.synth-staging-';
const TRASH_PREFIX = '.synth-trash-';
/** Written into the staging folder once every file is in it; only then may a swap begin. */
const COMPLETE_MARKER = '.complete';

export interface WriteOptions {
  /**
   * Which generated folders that this render did not produce to remove: `true`
   * for all of them (a full render: a deleted environment), a list for only those
   * (a render of some environments: the folders they no longer produce).
   */
  readonly prune: boolean | readonly string[];
}

export interface WriteResult {
  /** Folders swapped in; a folder already holding exactly the render is left untouched. */
  readonly written: string[];
  readonly removed: string[];
}

/**
 * Replaces each rendered folder under `distDir` in one rename, after every
 * folder has been written in full to a staging area beside it. A failure
 * before the swap leaves dist/ as it was; a kill during the swap is repaired
 * by the next run (see recoverInterruptedWrite).
 */
export function writeRendered(distDir: string, folders: readonly RenderedFolder[], options: WriteOptions): WriteResult {
  const nested = overlapping(folders);
  if (nested) throw new Error(`rendered folders overlap at dist/${nested}/: each folder is replaced whole, so none may hold another`);
  mkdirSync(distDir, { recursive: true });
  recoverInterruptedWrite(distDir);
  const staging = join(distDir, `${STAGING_PREFIX}${process.pid}`);
  const trash = join(distDir, `${TRASH_PREFIX}${process.pid}`);
  const existing = readGeneratedFolders(distDir);
  // A fleet re-rendered after a change to one file rewrites one folder, not every folder.
  const changed = folders.filter((folder) => !holdsExactly(distDir, folder, existing));
  const rendered = new Set(folders.map((folder) => folder.folder));
  const prunable = (folder: string) => (typeof options.prune === 'boolean' ? options.prune : options.prune.includes(folder));
  const stale = [...existing.keys()].sort().filter((folder) => !rendered.has(folder) && prunable(folder));
  // dist/ already is this render: touch nothing.
  if (changed.length === 0 && stale.length === 0) return { written: [], removed: [] };
  try {
    for (const folder of changed) {
      const target = join(staging, folder.folder);
      mkdirSync(target, { recursive: true });
      for (const [name, content] of folder.files) writeFileSync(join(target, name), content);
    }
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, COMPLETE_MARKER), '');
    mkdirSync(trash, { recursive: true });
    for (const folder of changed) {
      const final = join(distDir, folder.folder);
      if (existsSync(final)) moveInto(final, join(trash, folder.folder));
      moveInto(join(staging, folder.folder), final);
    }
    for (const folder of stale) moveInto(join(distDir, folder), join(trash, folder));
    removeEmptyParents(distDir, stale);
    return { written: changed.map((folder) => folder.folder), removed: stale };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(trash, { recursive: true, force: true });
  }
}

/** A folder rendered twice, or one that holds another rendered folder; each ancestor is looked up, not every pair compared. */
function overlapping(folders: readonly RenderedFolder[]): string | undefined {
  const names = new Set<string>();
  for (const { folder } of folders) {
    if (names.has(folder)) return folder;
    names.add(folder);
  }
  for (const folder of names) {
    const parts = folder.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const parent = parts.slice(0, depth).join('/');
      if (names.has(parent)) return parent;
    }
  }
  return undefined;
}

/**
 * Whether dist/ holds the folder's files, byte for byte, and nothing else. Only a folder
 * found generated can: its kustomization.yaml, read once already, carries our header.
 */
function holdsExactly(distDir: string, folder: RenderedFolder, existing: ReadonlyMap<string, string>): boolean {
  const dir = join(distDir, folder.folder);
  const kustomization = existing.get(folder.folder);
  if (kustomization === undefined || kustomization !== folder.files.get(KUSTOMIZATION_FILE)) return false;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  if (entries.length !== folder.files.size) return false;
  for (const [name, content] of folder.files) {
    if (name === KUSTOMIZATION_FILE) continue;
    try {
      if (readFileSync(join(dir, name), 'utf8') !== content) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Finishes a swap that a killed run left half done, then drops its staging and
 * trash. Staging that was never marked complete is discarded (no swap had begun),
 * and a run whose process is still alive is left alone. Folders a killed full
 * synth would have pruned are left for the next full synth.
 */
export function recoverInterruptedWrite(distDir: string): void {
  if (!existsSync(distDir)) return;
  for (const entry of readdirSync(distDir)) {
    const path = join(distDir, entry);
    if (!entry.startsWith(STAGING_PREFIX) || isRunning(entry.slice(STAGING_PREFIX.length))) continue;
    if (existsSync(join(path, COMPLETE_MARKER))) {
      // The render was whole when the swap began: finish it, so dist/ is that render, not half of it.
      // (Folders already swapped left the staging; a target may be missing mid-swap.)
      for (const folder of generatedFolders(path)) {
        const final = join(distDir, folder);
        rmSync(final, { recursive: true, force: true });
        moveInto(join(path, folder), final);
      }
    }
    rmSync(path, { recursive: true, force: true });
  }
  for (const entry of readdirSync(distDir)) {
    if (entry.startsWith(TRASH_PREFIX) && !isRunning(entry.slice(TRASH_PREFIX.length))) {
      rmSync(join(distDir, entry), { recursive: true, force: true });
    }
  }
}

/** Another synth that is still writing (signal 0 only checks the process exists). */
function isRunning(pidText: string): boolean {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders under `root` that synth generated: they hold a kustomization.yaml with our header. */
export function generatedFolders(root: string): string[] {
  return [...readGeneratedFolders(root).keys()].sort();
}

/** The generated folders under `root`, each with its kustomization.yaml's text. */
function readGeneratedFolders(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const kustomization = readIfFile(join(path, KUSTOMIZATION_FILE));
      if (kustomization?.startsWith(GENERATED_HEADER)) {
        found.set(relative(root, path), kustomization);
      } else {
        walk(path);
      }
    }
  };
  walk(root);
  return found;
}

/** A file's text; undefined when there is none (one read instead of a stat and a read). */
function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function moveInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}

/** After pruning dist/gitops/old, drop dist/gitops too if nothing is left in it. */
function removeEmptyParents(distDir: string, removed: readonly string[]): void {
  for (const folder of removed) {
    let parent = dirname(join(distDir, folder));
    while (parent !== distDir && existsSync(parent) && readdirSync(parent).length === 0) {
      rmSync(parent, { recursive: true });
      parent = dirname(parent);
    }
  }
}
