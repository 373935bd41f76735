import { FieldPath, formatPath } from './json-path';

export type { FieldPath };

/** One thing wrong with an environment file, located as precisely as the source allows. */
export interface Problem {
  readonly file: string;
  readonly path: FieldPath;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  /** For a problem in a base file: the environments that inherit the bad value. */
  readonly environments?: readonly string[];
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${formatPath(problem.path)}: ${problem.message}${inheritedBy(problem.environments ?? [])}`;
}

/** How many inheriting environments a line names; a fleet's base would name hundreds. */
const NAMED_INHERITORS = 10;

function inheritedBy(environments: readonly string[]): string {
  if (environments.length === 0) return '';
  if (environments.length === 1) return ` (inherited by environment ${environments[0]})`;
  if (environments.length <= NAMED_INHERITORS) return ` (inherited by environments ${environments.join(', ')})`;
  const named = environments.slice(0, NAMED_INHERITORS);
  return ` (inherited by ${environments.length} environments: ${named.join(', ')} and ${environments.length - named.length} more)`;
}

/**
 * One entry per distinct problem: a bad value in a base is found once per environment
 * that inherits it, and reported once, naming them all.
 */
export function mergeProblems(problems: readonly Problem[]): Problem[] {
  // Environments are gathered in sets and sorted once: a base shared by a fleet repeats each of its warnings per environment.
  const byText = new Map<string, { first: Problem; environments?: Set<string> }>();
  for (const problem of problems) {
    const key = formatProblem({ ...problem, environments: undefined });
    const seen = byText.get(key);
    if (seen === undefined) {
      byText.set(key, { first: problem });
    } else if (problem.environments?.length) {
      seen.environments ??= new Set(seen.first.environments);
      for (const environment of problem.environments) seen.environments.add(environment);
    }
  }
  return [...byText.values()].map(({ first, environments }) => (environments ? { ...first, environments: [...environments].sort() } : first));
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
