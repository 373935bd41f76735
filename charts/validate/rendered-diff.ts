import { parseDocument } from 'yaml';
import { formatProblem, Problem } from '../config/errors';
import { gitopsFolder } from '../gitops/names';
import { RenderedFolder } from '../render';
import { folderOf, nameOf } from './files';
import { unifiedHunks } from './line-diff';
import { adminsBindingName } from '../constructs/cluster-access';

/** One object (one file) of a rendered folder that a change adds, removes or changes. */
export interface ObjectChange {
  /** Relative to dist/: `dev`, `gitops/dev`. */
  readonly folder: string;
  readonly file: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** `Deployment/dask-worker`, or the file name for kustomization.yaml and unreadable files. */
  readonly object: string;
  /** For `changed`: unified diff hunks of the file. */
  readonly hunks: readonly string[];
}

/** What each folder looks like on each side, for headings such as "new folder". */
export interface RenderedDiff {
  readonly changes: readonly ObjectChange[];
  readonly addedFolders: ReadonlySet<string>;
  readonly removedFolders: ReadonlySet<string>;
}

/** Compares the committed files of dist/ (path relative to dist/ -> text) with a fresh render, object by object. */
export function renderedDiff(base: ReadonlyMap<string, string>, rendered: readonly RenderedFolder[]): RenderedDiff {
  const head = new Map<string, string>();
  for (const folder of rendered) {
    for (const [file, content] of folder.files) head.set(`${folder.folder}/${file}`, content);
  }
  const changes: ObjectChange[] = [];
  for (const path of [...new Set([...base.keys(), ...head.keys()])]) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const hunks = change === 'changed' ? unifiedHunks(fileLines(before as string), fileLines(after as string)) : [];
    changes.push({ folder: folderOf(path), file: nameOf(path), change, object: objectLabel(path, after ?? before ?? ''), hunks });
  }
  const baseFolders = new Set([...base.keys()].map(folderOf));
  const headFolders = new Set([...head.keys()].map(folderOf));
  return {
    changes: changes.sort(byFolderThenFile),
    addedFolders: new Set([...headFolders].filter((folder) => !baseFolders.has(folder))),
    removedFolders: new Set([...baseFolders].filter((folder) => !headFolders.has(folder))),
  };
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

export interface FormatOptions {
  /** How the base is named in headings: `HEAD (1a2b3c4)`. */
  readonly base: string;
  /** The rendered side: `working tree`. */
  readonly head: string;
  /** How dist/ is named in paths. @default dist */
  readonly dist?: string;
  /** Hazards the environments accept, listed for the reviewer whether or not anything changed. @default [] */
  readonly warnings?: readonly Problem[];
}

/**
 * The review view: a summary, then per folder a list of `+ added`, `- removed`,
 * `~ changed` objects and a unified diff of each changed one. Markdown that reads
 * the same in a terminal: headings, and fenced `diff` blocks.
 */
export function formatRenderedDiff(diff: RenderedDiff, options: FormatOptions): string {
  const dist = options.dist ?? 'dist';
  const warnings = warningsSection(options.warnings ?? []);
  if (diff.changes.length === 0) return `No changes to rendered manifests.\n${warnings}`;
  const count = (change: ObjectChange['change']) => diff.changes.filter((item) => item.change === change).length;
  const folders = [...new Set(diff.changes.map((change) => change.folder))];
  const out: string[] = [
    `## Rendered manifests: ${options.base} → ${options.head}`,
    '',
    `${count('added')} added, ${count('removed')} removed, ${count('changed')} changed, in ${folders.map((folder) => `${dist}/${folder}/`).join(', ')}.`,
  ];
  for (const folder of folders) {
    const changes = diff.changes.filter((change) => change.folder === folder);
    const state = diff.addedFolders.has(folder) ? ' (new folder)' : diff.removedFolders.has(folder) ? ' (folder removed)' : '';
    out.push('', `### ${dist}/${folder}/${state}`, '');
    const note = diff.removedFolders.has(folder) ? removalNote(folder, dist) : undefined;
    if (note) out.push(`> ${note}`, '');
    const width = Math.max(...changes.map((change) => change.object.length));
    out.push('```diff');
    for (const change of changes) {
      out.push(`${MARK[change.change]} ${change.change.padEnd(7)}  ${change.object.padEnd(width)}  ${change.file}`);
    }
    out.push('```');
    for (const change of changes.filter((item) => item.change === 'changed')) {
      out.push('', `#### ~ ${change.object}`, '', '```diff');
      out.push(`--- a/${dist}/${folder}/${change.file}`, `+++ b/${dist}/${folder}/${change.file}`);
      out.push(...change.hunks, '```');
    }
  }
  return `${out.join('\n')}\n${warnings}`;
}

/** The warnings of the working tree's environments, for a reviewer to weigh; empty when there are none. */
function warningsSection(warnings: readonly Problem[]): string {
  if (warnings.length === 0) return '';
  const lines = ['', `## Warnings (${warnings.length})`, '', 'Accepted by synth; acknowledge a hazard by name to silence it, or fix it.', '', '```'];
  lines.push(...warnings.map(formatProblem), '```');
  return `${lines.join('\n')}\n`;
}

/** What removing a folder does on the cluster, which is not what a reviewer may expect. */
function removalNote(folder: string, dist: string): string | undefined {
  if (folder.startsWith('bootstrap/')) {
    return `Removing this folder does not delete the cluster-admin binding from the cluster: nothing applies this folder but bootstrap's access step. Delete it with \`kubectl delete clusterrolebinding ${adminsBindingName(folder.slice('bootstrap/'.length))}\` if it should go.`;
  }
  if (isSyncFolder(folder)) return undefined;
  // Both controllers stop at a missing path instead of pruning: say so where it matters.
  return `Removing this folder does not delete anything from the cluster: the controller reports the missing path and leaves the workload running. Delete the environment's sync objects first (\`kubectl delete -k ${dist}/gitops/${folder}\`), as the README's removal procedure says.`;
}

/** The file's lines, numbered as in the file (the unchanging header shows only as context). */
function fileLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function objectLabel(path: string, text: string): string {
  if (nameOf(path) === 'kustomization.yaml') return 'kustomization.yaml';
  try {
    const value: unknown = parseDocument(text).toJS();
    const object = value as { kind?: unknown; metadata?: { name?: unknown } } | null;
    if (object && typeof object.kind === 'string' && typeof object.metadata?.name === 'string') return `${object.kind}/${object.metadata.name}`;
  } catch {
    // A hand-broken file still shows, by its name.
  }
  return nameOf(path);
}

const SYNC_PREFIX = gitopsFolder('');

function isSyncFolder(folder: string): boolean {
  return folder.startsWith(SYNC_PREFIX);
}

/** dev, gitops/dev, prod, gitops/prod: each environment's sync objects right after its manifests. */
function byFolderThenFile(a: ObjectChange, b: ObjectChange): number {
  const key = (change: ObjectChange) => {
    const sync = isSyncFolder(change.folder);
    return `${sync ? change.folder.slice(SYNC_PREFIX.length) : change.folder}\u0000${sync ? 1 : 0}\u0000${change.file}`;
  };
  const left = key(a);
  const right = key(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
