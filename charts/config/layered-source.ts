import { EnvironmentFile, SourceLocation, ValueSource } from './environment-file';
import { FieldPath, Problem } from './errors';
import { isPlainObject, valueAt } from './json-path';
import { mergeValues } from './merge';

/** The key that names the file an environment builds on; it is not itself a value. */
export const EXTENDS = 'extends';

/**
 * An environment merged from its chain of files (base first, the environment's own
 * file last), as Helm layers `-f` files: maps merge, lists and scalars replace, and a
 * null replaces too, so that it still removes the chart's default later.
 *
 * Each value keeps the file that wrote it: `problem` and `origin` answer with the file
 * and line of the layer that set the value, so a check on the merged data reports a
 * bad inherited value in the base, naming the environment that inherits it.
 */
export class LayeredSource implements ValueSource {
  public readonly data: Record<string, unknown>;
  /** Top layer first: the first layer that holds a key is the one that set it. */
  private readonly topFirst: readonly EnvironmentFile[];

  constructor(readonly environment: string, readonly layers: readonly EnvironmentFile[]) {
    if (layers.length === 0) throw new Error('an environment needs at least its own file');
    this.topFirst = [...layers].reverse();
    let merged: unknown = {};
    for (const layer of layers) merged = mergeValues(merged, withoutExtends(layer.data), 'keep');
    this.data = merged as Record<string, unknown>;
  }

  /** The environment's own file. */
  public get file(): EnvironmentFile {
    return this.topFirst[0];
  }

  public problem(path: FieldPath, message: string, options: { key?: boolean } = {}): Problem {
    const layer = this.ownerOf(path);
    const problem = layer.problem(path, message, options);
    return layer === this.file ? problem : { ...problem, environments: [this.environment] };
  }

  public where(path: FieldPath): string {
    return this.ownerOf(path).where(path);
  }

  public sourceText(path: FieldPath): string | undefined {
    return this.ownerOf(path).sourceText(path);
  }

  /** The file whose value at `path` the environment takes (or would add a missing key to). */
  public fileOf(path: FieldPath): string {
    return this.ownerOf(path).file;
  }

  /** Where the value at `path` was written, or undefined when no file sets it (a default applies). */
  public origin(path: FieldPath): SourceLocation | undefined {
    if (path.length === 0) return undefined;
    for (let i = 1; i <= path.length; i++) {
      if (!this.topFirst.some((layer) => hasPath(layer.data, path.slice(0, i)))) return undefined;
    }
    return this.ownerOf(path).locate(path);
  }

  /**
   * The layer whose text holds the value at `path`: walking down the path, the top
   * layer holding each key; a scalar, list or null there replaced everything below it,
   * so its layer owns the rest. A path no layer reaches belongs to the owner of its
   * deepest existing part (where a missing key would be added).
   */
  private ownerOf(path: FieldPath): EnvironmentFile {
    let owner = this.file;
    for (let i = 1; i <= path.length; i++) {
      const prefix = path.slice(0, i);
      const top = this.topFirst.find((layer) => hasPath(layer.data, prefix));
      if (top === undefined) return owner;
      owner = top;
      if (!isPlainObject(valueAt(top.data, prefix))) return owner;
    }
    return owner;
  }
}

function withoutExtends(data: Record<string, unknown>): Record<string, unknown> {
  if (!(EXTENDS in data)) return data;
  const { [EXTENDS]: _extends, ...rest } = data;
  return rest;
}

/** Whether the data holds `path`, a null value included (a null set by a file is a value it wrote). */
function hasPath(data: unknown, path: FieldPath): boolean {
  let node = data;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(node) || part >= node.length) return false;
    } else if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) {
      return false;
    }
    node = (node as Record<string | number, unknown>)[part];
  }
  return true;
}
