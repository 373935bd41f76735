import { execFileSync } from 'child_process';

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

/** True when `python` can import every module (e.g. Debian's python3-distributed provides `distributed`). */
export function pythonHas(python: string, ...modules: string[]): boolean {
  try {
    execFileSync(python, ['-c', modules.map((name) => `import ${name}`).join('; ')], { stdio: 'ignore', timeout: 60000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when `python` imports the modules, else a printed skip, or with
 * REQUIRE_INTEGRATION=1 a failure.
 */
export function describeWithPython(what: string, python: string, modules: string[], programs: string[], body: () => void): void {
  const available = requirePrograms(what, python, ...programs);
  if (available && !pythonHas(python, ...modules)) {
    const reason = `${what}: skipped, ${python} cannot import ${modules.join(', ')}`;
    if (REQUIRE_INTEGRATION) throw new Error(`${reason} (REQUIRE_INTEGRATION=1 makes this a failure)`);
    console.warn(reason);
    describe.skip(what, body);
    return;
  }
  (available ? describe : describe.skip)(what, body);
}

/** Same as requirePrograms, for a single program. */
export function requireProgram(program: string, what = program): boolean {
  return requirePrograms(what, program);
}
