// Where each value of an environment came from: the file and line that set it (the
// environment's own file or a base it extends), or the defaults. Behind npm run explain.
import { stringify } from 'yaml';
import { UsageError } from '../cli/exit';
import { didYouMean } from './did-you-mean';
import { FieldPath } from './errors';
import { formatPath, isPlainObject, valueAt } from './json-path';
import { LoadedEnvironment } from './load-environment';

/** How a value no file sets is attributed: the one place defaults live. */
export const DEFAULT_ORIGIN = 'default (charts/config/defaults.ts)';

/** One printed line, and where its value came from when it holds one. */
interface Line {
  readonly text: string;
  readonly origin?: string;
}

/** The values an environment file can set, with every default filled in. */
function explainedValues(loaded: LoadedEnvironment): Record<string, unknown> {
  const { release, namespace, production, cluster, gitops, dask } = loaded.environment;
  return { release, namespace, production, ...(cluster ? { cluster } : {}), ...(gitops ? { gitops } : {}), dask };
}

/**
 * The merged value of the environment, or of one field, as YAML with the origin of
 * each leaf beside it: `cpu: 3500m  # environments/prod.yaml:44`. A list is one leaf (a
 * list replaces, so one file wrote it all); a key a file removed with null shows as null.
 */
export function explain(loaded: LoadedEnvironment, path: FieldPath = []): string {
  const values = explainedValues(loaded);
  const chain = loaded.source.layers.map((layer) => layer.file).reverse().join(' -> ');
  const header = `# environment ${loaded.environment.name}: ${chain}, over the defaults`;
  const value = valueAt(values, path);
  const lines: Line[] = [];
  if (value === undefined) {
    const removed = removedAt(loaded, path);
    if (removed === undefined) throw new UsageError(unknownField(values, path, loaded.environment.name));
    lines.push({ text: `${formatPath(path)}: null`, origin: `${removed} (removes it)` });
  } else if (path.length === 0) {
    lines.push(...linesOf(loaded, value, path, ''));
  } else {
    lines.push(...entryLines(loaded, formatPath(path), value, path, ''));
  }
  return `${[header, ...align(lines)].join('\n')}\n`;
}

function entryLines(loaded: LoadedEnvironment, key: string, value: unknown, path: FieldPath, indent: string): Line[] {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return [{ text: `${indent}${key}:` }, ...linesOf(loaded, value, path, `${indent}  `)];
  }
  const origin = originOf(loaded, path);
  if (Array.isArray(value) && value.length > 0) {
    const items = stringify(value, { lineWidth: 0 }).trimEnd().split('\n').map((line) => ({ text: `${indent}  ${line}` }));
    return [{ text: `${indent}${key}:`, origin }, ...items];
  }
  // Never echo a password field: it may hold a clear password typed by mistake.
  const text = path[path.length - 1] === 'password' && value !== null ? '(hidden)' : scalarText(value);
  return [{ text: `${indent}${key}: ${text}`, origin }];
}

/** A mapping's entries, and the keys a file removed from it with null. */
function linesOf(loaded: LoadedEnvironment, value: unknown, path: FieldPath, indent: string): Line[] {
  const lines: Line[] = [];
  const map = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(map)) lines.push(...entryLines(loaded, keyText(key), child, [...path, key], indent));
  const written = valueAt(loaded.source.data, path);
  if (isPlainObject(written)) {
    for (const [key, child] of Object.entries(written)) {
      if (child === null && !(key in map)) lines.push({ text: `${indent}${keyText(key)}: null`, origin: `${originOf(loaded, [...path, key])} (removes it)` });
    }
  }
  return lines;
}

function originOf(loaded: LoadedEnvironment, path: FieldPath): string {
  const origin = loaded.source.origin(path);
  if (origin === undefined) return DEFAULT_ORIGIN;
  return origin.line === undefined ? origin.file : `${origin.file}:${origin.line}`;
}

/** Where a file set `path` to null, when that is why it has no value. */
function removedAt(loaded: LoadedEnvironment, path: FieldPath): string | undefined {
  if (path.length === 0 || valueAt(loaded.source.data, path) !== null) return undefined;
  return originOf(loaded, path);
}

function unknownField(values: Record<string, unknown>, path: FieldPath, environment: string): string {
  let known = 0;
  while (known < path.length && valueAt(values, path.slice(0, known + 1)) !== undefined) known++;
  const parent = valueAt(values, path.slice(0, known));
  const missing = path[known];
  const here = `'${formatPath(path)}': environment ${environment} has no such field`;
  if (isPlainObject(parent)) {
    const keys = Object.keys(parent);
    const guess = typeof missing === 'string' ? didYouMean(missing, keys) : undefined;
    const at = known === 0 ? 'top-level fields' : `fields of ${formatPath(path.slice(0, known))}`;
    return `${here}${guess ? ` (did you mean "${guess}"?)` : ''}; ${at}: ${keys.join(', ')}`;
  }
  if (Array.isArray(parent)) return `${here}: ${formatPath(path.slice(0, known))} is a list of ${parent.length} (indexes 0-${parent.length - 1}, written [0])`;
  return `${here}: ${formatPath(path.slice(0, known))} is ${scalarText(parent)}, not a mapping`;
}

function keyText(key: string): string {
  return /^[A-Za-z_][\w.\-/]*$/.test(key) && !/^(true|false|null|yes|no|on|off|~)$/i.test(key) ? key : JSON.stringify(key);
}

/** A scalar on one line, as YAML reads it back (a multi-line string in JSON quotes). */
function scalarText(value: unknown): string {
  if (typeof value === 'string' && value.includes('\n')) return JSON.stringify(value);
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The origins in one column, so that the values read as YAML on the left. */
function align(lines: readonly Line[]): string[] {
  const width = Math.min(56, Math.max(0, ...lines.filter((line) => line.origin).map((line) => line.text.length)));
  return lines.map((line) => (line.origin === undefined ? line.text : `${line.text.padEnd(width)}  # ${line.origin}`));
}
