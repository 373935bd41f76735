import { resolve } from 'path';
import { parseArgs, ParseArgsConfig } from 'util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { didYouMean } from '../config/did-you-mean';
import { UsageError } from './exit';

/** One option of a command. */
export interface FlagSpec {
  /** The value's placeholder, such as '<name>'; a flag without one is a switch. @default switch */
  readonly value?: string;
  /** One line for --help. */
  readonly help: string;
  /** A short spelling, such as '-y'. @default none */
  readonly alias?: string;
  /** May be given several times with different values (--env a --env b). @default false */
  readonly repeatable?: boolean;
  /** The command cannot run without it; the error quotes `help`. @default false */
  readonly required?: boolean;
}

/** A command's options and help text: the one description both parsing and --help read. */
export interface CommandSpec {
  /** How to start it, such as 'npm run synth --'. */
  readonly command: string;
  /** What it does, in a sentence. */
  readonly summary: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Positional words it takes (bootstrap's step), with the allowed ones (any word when absent: explain's field). @default none */
  readonly positional?: { readonly name: string; readonly allowed?: readonly string[] };
  /** More text after the options (steps, environment variables). @default none */
  readonly details?: string;
}

export interface ParsedCommandLine {
  /** Every value given per value flag, in order, repeats of the same value dropped. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** The switches given. */
  readonly switches: ReadonlySet<string>;
  /** The positional word, if the command takes one and it was given. */
  readonly positional?: string;
  /** --help or -h was given: print helpText and do nothing else. */
  readonly help: boolean;
}

/** `--environments <dir>`: the same for every command that reads environment files. */
export const ENVIRONMENTS_FLAG: FlagSpec = { value: '<dir>', help: 'where the environment files are (default: environments)' };

/** The folder `--environments` names, or `environments`, resolved against `root`. */
export function environmentsDirOf(parsed: ParsedCommandLine, root: string): string {
  return resolve(root, singleValue(parsed, '--environments') ?? 'environments');
}

const HELP: FlagSpec = { help: 'print this help and exit', alias: '-h' };

/**
 * Parses a command line the same way for every command: `--flag value` and `--flag=value`
 * alike, switches, short aliases, one positional word where the command takes one, and
 * --help. Errors name the flag; an unknown one suggests the nearest allowed flag.
 * Node's own util.parseArgs splits the words; this adds our rules on top of its tokens
 * (it runs non-strict so that an unknown flag reaches us for a did-you-mean).
 */
export function parseCommandLine(args: readonly string[], spec: CommandSpec): ParsedCommandLine {
  const flags: Record<string, FlagSpec> = { ...spec.flags, '--help': HELP };
  if (args.some((arg) => arg === '--help' || arg === '-h')) return { values: new Map(), switches: new Set(), help: true };
  const { tokens } = parseArgs({ args: [...args], options: parseArgsOptions(flags), strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  let positional: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positional = takePositional(spec, positional, token.value);
      continue;
    }
    const name = `--${token.name}`;
    const flag = flags[name];
    if (flag === undefined) throw new UsageError(unknownFlag(token.rawName, flags));
    if (flag.value === undefined) {
      if (token.value !== undefined) throw new UsageError(`'${name}' takes no value: got '${token.rawName}=${token.value}'`);
      switches.add(name);
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-'))) {
      throw new UsageError(`'${name}' needs a value: ${name} ${flag.value} (or ${name}=${flag.value})`);
    }
    const given = values.get(name) ?? [];
    if (given.includes(value)) continue;
    if (given.length > 0 && !flag.repeatable) {
      throw new UsageError(`'${name}' given twice, as ${JSON.stringify(given[0])} and ${JSON.stringify(value)}: give it once`);
    }
    values.set(name, [...given, value]);
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (flag.required && !values.has(name)) throw new UsageError(`'${name}' is required: ${flag.help}`);
  }
  return { values, switches, positional, help: false };
}

/** Our flag descriptions in util.parseArgs' terms: names without the dashes, one-letter aliases. */
function parseArgsOptions(flags: Readonly<Record<string, FlagSpec>>): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name.replace(/^--/, '')] = {
      type: flag.value === undefined ? 'boolean' : 'string',
      multiple: true,
      ...(flag.alias ? { short: flag.alias.replace(/^-/, '') } : {}),
    };
  }
  return options;
}

/** The value of a flag given at most once, else undefined. */
export function singleValue(parsed: ParsedCommandLine, flag: string): string | undefined {
  return parsed.values.get(flag)?.[0];
}

/** What --help prints: usage, summary, each option with its placeholder, then the details. */
export function helpText(spec: CommandSpec): string {
  const flags: [string, FlagSpec][] = [...Object.entries(spec.flags), ['--help', HELP]];
  const shown = flags.map(([name, flag]) => [`${name}${flag.value ? ` ${flag.value}` : ''}${flag.alias ? `, ${flag.alias}` : ''}`, flag] as const);
  const width = Math.max(...shown.map(([left]) => left.length));
  const synopsis = flags.filter(([name]) => name !== '--help').map(([name, flag]) => {
    const written = `${name}${flag.value ? ` ${flag.value}` : ''}`;
    return `${flag.required ? written : `[${written}]`}${flag.repeatable ? '...' : ''}`;
  });
  const lines = [
    `usage: ${[spec.command, spec.positional ? `[${spec.positional.name}]` : undefined, ...synopsis].filter(Boolean).join(' ')}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...shown.map(([left, flag]) => `  ${left.padEnd(width)}  ${flag.help}${flag.repeatable ? ' (repeatable)' : ''}`),
  ];
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}

function takePositional(spec: CommandSpec, already: string | undefined, arg: string): string {
  if (!spec.positional) throw new UsageError(`unexpected argument '${arg}': this command takes only options (see --help)`);
  const { name, allowed } = spec.positional;
  if (already !== undefined) throw new UsageError(`one ${name} at a time: got '${already}' and '${arg}'`);
  if (allowed && !allowed.includes(arg)) throw new UsageError(`unknown ${name} '${arg}'${hint(arg, allowed)}: ${name}s are ${allowed.join(', ')}`);
  return arg;
}

function unknownFlag(written: string, flags: Readonly<Record<string, FlagSpec>>): string {
  const names = Object.keys(flags);
  const allowed = names.map((name) => `${name}${flags[name].value ? ` ${flags[name].value}` : ''}`).join(', ');
  return `unknown option '${written}'${hint(written, names)}; allowed: ${allowed}`;
}

function hint(value: string, allowed: readonly string[]): string {
  const guess = didYouMean(value, allowed);
  return guess ? ` (did you mean '${guess}'?)` : '';
}
