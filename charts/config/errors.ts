import { FieldPath, formatPath } from './json-path';

export type { FieldPath };

/** One thing wrong with an environment file, located as precisely as the source allows. */
export interface Problem {
  readonly file: string;
  readonly path: FieldPath;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
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
