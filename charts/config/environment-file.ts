import { readFileSync } from 'fs';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { FieldPath, InputError, Problem } from './errors';

/** How many alias expansions a file may make; yaml's own default, stated so the message can name it. */
const MAX_ALIAS_COUNT = 100;

/** Where a value was written: a file, and its line and column when known. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Data with a way back to where each value was written: one file, or an
 * environment merged from its bases (layered-source.ts). Every check reports
 * through `problem`, so an error lands where the bad value is.
 */
export interface ValueSource {
  /** The plain data, as JSON would hold it. */
  readonly data: Record<string, unknown>;
  /** A problem at `path`, located at the value (or, for `key: true`, at the key itself). */
  problem(path: FieldPath, message: string, options?: { key?: boolean }): Problem;
  /** The text the user typed for a scalar, e.g. `2025.10` where YAML read the number 2025.1. */
  sourceText(path: FieldPath): string | undefined;
  /** `file:line` of the value at `path`, for a message that points at a second place. */
  where(path: FieldPath): string;
}

/**
 * An environment file as parsed YAML, keeping the source positions so that
 * every later error can name the line a value came from.
 */
export class EnvironmentFile implements ValueSource {
  /** Reads and parses a file; syntax errors, duplicate keys and empty files are refused here. */
  public static read(file: string): EnvironmentFile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError([{ file, path: [], message: `cannot read the file: ${(e as Error).message}` }]);
    }
    return EnvironmentFile.parse(file, text);
  }

  public static parse(file: string, text: string): EnvironmentFile {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
    const problems: Problem[] = document.errors.map((error) => {
      const pos = lineCounter.linePos(error.pos[0]);
      const at = { file, line: pos.line, column: pos.col };
      if (error.code === 'DUPLICATE_KEY') {
        const duplicate = findDuplicateKey(document.contents, error.pos[0], []);
        if (duplicate) {
          const first = lineCounter.linePos(duplicate.firstOffset).line;
          return { ...at, path: duplicate.path, message: `duplicate key "${duplicate.path[duplicate.path.length - 1]}" (first at line ${first}): each key may appear once in a mapping` };
        }
        return { ...at, path: [], message: 'duplicate key: each key may appear once in a mapping' };
      }
      return { ...at, path: [], message: `YAML syntax error: ${error.message.split('\n')[0]}` };
    });
    if (problems.length > 0) throw new InputError(problems);
    if (document.contents === null || (isScalar(document.contents) && document.contents.value === null)) {
      throw new InputError([{ file, path: [], message: 'the file is empty: an environment needs at least a namespace' }]);
    }
    if (!isMap(document.contents)) {
      throw new InputError([{ file, path: [], message: 'the file must be a mapping of keys (release, namespace, cluster, gitops, dask)', ...positionOf(lineCounter, document.contents) }]);
    }
    return new EnvironmentFile(file, document, lineCounter, plainData(file, document));
  }

  private constructor(readonly file: string, private readonly document: Document, private readonly lineCounter: LineCounter,
    public readonly data: Record<string, unknown>) {}

  public problem(path: FieldPath, message: string, options: { key?: boolean } = {}): Problem {
    return { ...this.locate(path, options.key ?? false), path, message };
  }

  /** Where the value at `path` is written (or the deepest part of the path that is). */
  public locate(path: FieldPath, key = false): SourceLocation {
    const node = this.nodeAt(path, key);
    return { file: this.file, ...(node ? positionOf(this.lineCounter, node) : {}) };
  }

  public where(path: FieldPath): string {
    const { line } = this.locate(path);
    return line === undefined ? this.file : `${this.file}:${line}`;
  }

  public sourceText(path: FieldPath): string | undefined {
    const node = this.nodeAt(path, false);
    return isScalar(node) ? (node as Scalar).source ?? undefined : undefined;
  }

  /** The deepest node along the path that exists, so a missing key points at its parent. */
  private nodeAt(path: FieldPath, wantKey: boolean): Node | undefined {
    let node: unknown = this.document.contents;
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
        if (!pair) return node;
        if (wantKey && i === path.length - 1) return pair.key as Node;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
        node = node.items[part];
      } else {
        return node as Node | undefined;
      }
    }
    return node as Node | undefined;
  }
}

/**
 * The document as plain data. yaml refuses a document whose aliases expand past
 * MAX_ALIAS_COUNT (a "billion laughs" alias bomb) with a ReferenceError; that is the
 * user's input, so it becomes a problem naming the file.
 */
function plainData(file: string, document: Document): Record<string, unknown> {
  const data = yamlData(document);
  if ('problem' in data) throw new InputError([{ file, path: [], message: data.problem }]);
  return data.value as Record<string, unknown>;
}

/**
 * A parsed document as plain data, or why it is not: yaml refuses aliases that expand too
 * far (a resource-exhaustion "alias bomb") with a ReferenceError, which is named here.
 */
export function yamlData(document: Document.Parsed | Document): { value: unknown } | { problem: string } {
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      problem: /resource exhaustion/.test(error.message)
        ? `YAML aliases (*name) expand past ${MAX_ALIAS_COUNT} copies, as a resource-exhaustion "alias bomb" does: write the values out instead of nesting aliases`
        : `YAML alias error: ${error.message}`,
    };
  }
}

function positionOf(lineCounter: LineCounter, node: unknown): { line?: number; column?: number } {
  const range = (node as Node | undefined)?.range;
  if (!range) return {};
  const pos = lineCounter.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}

/** The path of the key that starts at `offset` (a repeat), and where its first occurrence starts. */
function findDuplicateKey(node: unknown, offset: number, path: (string | number)[]): { path: (string | number)[]; firstOffset: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : undefined;
      if (key?.range?.[0] === offset) {
        const first = node.items.find((other) => isScalar(other.key) && other.key.value === key.value);
        return { path: [...path, String(key.value)], firstOffset: (first?.key as Node | undefined)?.range?.[0] ?? offset };
      }
      const found = key ? findDuplicateKey(pair.value, offset, [...path, String(key.value)]) : undefined;
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const found = findDuplicateKey(node.items[i], offset, [...path, i]);
      if (found) return found;
    }
  }
  return undefined;
}
