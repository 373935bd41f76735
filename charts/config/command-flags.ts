/** One `--flag` of a Dask command line, with its value when written `--flag=value` or `--flag value`. */
export interface CommandFlag {
  readonly flag: string;
  /** Position of the flag in the argument list. */
  readonly index: number;
  readonly value?: string;
}

/** The scheduler container's ports, fixed on its command line; the Service ports are set apart. */
export const SCHEDULER_PORT = 8786;
export const DASHBOARD_PORT = 8787;

/** Whether a worker group sets `port`, which the renderer passes as --worker-port. */
export function setsWorkerPort(values: { readonly port?: string | number | null }): boolean {
  return values.port !== undefined && values.port !== null && values.port !== '';
}

/** Options dask-worker and dask-scheduler take more than once on purpose (click's multiple=True). */
export const REPEATABLE_FLAGS: readonly string[] = ['--preload', '--preload-nanny'];

/** The `--` options of an argument list such as extraArgs, in order. */
export function commandFlags(args: readonly string[]): CommandFlag[] {
  const flags: CommandFlag[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (!arg.startsWith('--') || arg === '--') continue;
    const equals = arg.indexOf('=');
    if (equals > 0) {
      flags.push({ flag: arg.slice(0, equals), index, value: arg.slice(equals + 1) });
    } else {
      const next = args[index + 1];
      flags.push({ flag: arg, index, value: next !== undefined && !next.startsWith('-') ? next : undefined });
    }
  }
  return flags;
}
