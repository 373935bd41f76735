import { execFileSync } from 'child_process';
import { DebianGeneration } from './debian-generations';

/** CI sets this so that a missing program fails the run instead of skipping tests. */
export const REQUIRE_INTEGRATION = process.env.REQUIRE_INTEGRATION === '1';

/** Finds a program on PATH (or an absolute path); undefined when it is not installed. */
export function findProgram(name: string): string | undefined {
  if (name.startsWith('/')) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore', timeout: 30000 });
      return name;
    } catch {
      return undefined;
    }
  }
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when every program is installed. Otherwise prints why the caller's tests
 * skip and returns false, or, with REQUIRE_INTEGRATION=1, throws so CI fails.
 */
export function requirePrograms(what: string, ...programs: string[]): boolean {
  const missing = programs.filter((program) => findProgram(program) === undefined);
  if (missing.length === 0) return true;
  const reason = `${what}: skipped, ${missing.join(', ')} not installed`;
  if (REQUIRE_INTEGRATION) throw new Error(`${reason} (REQUIRE_INTEGRATION=1 makes this a failure)`);
  console.warn(reason);
  return false;
}

/** `describe` when the programs are present, else `describe.skip` (after printing the reason). */
export function describeWithPrograms(what: string, programs: string[], body: () => void): void {
  (requirePrograms(what, ...programs) ? describe : describe.skip)(what, body);
}

/** Why `python` in `generation` cannot import the modules or find the programs; undefined when it can. */
function missingIn(generation: DebianGeneration, python: string, modules: string[], programs: string[]): string | undefined {
  const check = (program: string, args: string[]): boolean => {
    const [command, commandArgs] = generation.wrap(program, args);
    try {
      execFileSync(command, commandArgs, { stdio: 'ignore', timeout: 60000 });
      return true;
    } catch {
      return false;
    }
  };
  const missing = [python, ...programs].filter((program) => !check('/bin/sh', ['-c', 'command -v "$1"', 'sh', program]));
  if (missing.length > 0) return `${missing.join(', ')} not installed`;
  if (!check(python, ['-c', modules.map((name) => `import ${name}`).join('; ')])) return `${python} cannot import ${modules.join(', ')}`;
  return undefined;
}

/**
 * `describe` when `python` in `generation` imports the modules and the programs are there.
 * Otherwise the reason is printed and the tests skip, or with REQUIRE_INTEGRATION=1 one
 * test fails with the reason (the file's other generations still run).
 */
export function describeWithPython(
  what: string, generation: DebianGeneration, python: string, modules: string[], programs: string[], body: () => void,
): void {
  const title = `${what}, on ${generation.name}`;
  const reason = generation.unavailable ?? missingIn(generation, python, modules, programs);
  if (reason === undefined) {
    describe(title, body);
  } else if (REQUIRE_INTEGRATION) {
    describe(title, () => test('has the programs it needs', () => {
      throw new Error(`${title}: ${reason} (REQUIRE_INTEGRATION=1 makes this a failure)`);
    }));
  } else {
    console.warn(`${title}: skipped, ${reason}`);
    describe.skip(title, body);
  }
}

/** Same as requirePrograms, for a single program. */
export function requireProgram(program: string, what = program): boolean {
  return requirePrograms(what, program);
}
