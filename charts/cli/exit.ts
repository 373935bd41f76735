import { formatProblem, InputError } from '../config/errors';

/** Exit code when the user's input (files, flags) is wrong. */
export const EXIT_INPUT = 2;
/** Exit code when something failed while working. */
export const EXIT_FAILURE = 1;
/** Exit code of `bootstrap --plan` when the live cluster differs from the environment (and of a run that leaves differences it never changes). */
export const EXIT_DRIFT = 3;

/** A wrong command line: the message names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the command has already explained; exits with the given code. */
export class CommandFailed extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/** Runs a command's main and maps errors to messages on stderr and exit codes. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof InputError) {
      for (const problem of error.problems) console.error(`ERROR ${formatProblem(problem)}`);
      console.error(`${error.problems.length} problem(s) found; nothing was written.`);
      process.exit(EXIT_INPUT);
    } else if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exit(EXIT_INPUT);
    } else if (error instanceof CommandFailed) {
      console.error(`error: ${error.message}`);
      process.exit(error.exitCode);
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(EXIT_FAILURE);
    }
  });
}
