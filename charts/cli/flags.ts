import { UsageError } from './exit';

/**
 * Parses `--flag value` options, each flag taking one value and allowed to repeat.
 * `allowed` maps each flag to the placeholder shown in errors: { '--env': '<name>' }.
 */
export function parseFlags(args: readonly string[], allowed: Readonly<Record<string, string>>): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (!(flag in allowed)) {
      const usage = Object.entries(allowed).map(([name, placeholder]) => `${name} ${placeholder}`).join(', ');
      throw new UsageError(`unknown option '${flag}'; allowed: ${usage}`);
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`'${flag}' needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  return values;
}

/** The last value given for a flag, else undefined. */
export function lastValue(flags: Map<string, string[]>, flag: string): string | undefined {
  return flags.get(flag)?.at(-1);
}
