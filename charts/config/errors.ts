/** A path into an environment file: keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** One thing wrong with an environment file, located as precisely as the source allows. */
export interface Problem {
  readonly file: string;
  readonly path: FieldPath;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Renders `dask.worker.replicas` / `dask.additional_worker_groups[1].name`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${formatPath(problem.path)}: ${problem.message}`;
}

/** Shows a value the way the user wrote it, short enough for one line. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The user's input is wrong: exit code 2, nothing written. */
export class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}
