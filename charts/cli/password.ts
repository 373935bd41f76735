import { Readable, Writable } from 'stream';
import { HASH_ALGORITHMS, HashAlgorithm, jupyterPasswordHash } from '../config/password-hash';
import { CommandFailed, UsageError } from './exit';
import { CommandSpec, helpText, parseCommandLine, singleValue } from './flags';

export interface PasswordOptions {
  /** @default argon2 */
  readonly algorithm: HashAlgorithm;
}

export const PASSWORD_COMMAND: CommandSpec = {
  command: 'npm run --silent password --',
  summary: 'Prints a Jupyter password hash for dask.jupyter.password. Reads the password from the terminal without echo (twice), or from standard input when piped; never from the command line.',
  flags: {
    '--algorithm': { value: `<${HASH_ALGORITHMS.join('|')}>`, help: 'argon2 (argon2id with Jupyter\'s parameters, the default) or sha1' },
  },
};

/** The options, or undefined when --help was asked for. */
export function parsePasswordArgs(args: readonly string[]): PasswordOptions | undefined {
  // A password on the command line stays in shell history and in ps for anyone on the machine.
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--algorithm') i++;
    else if (!args[i].startsWith('-')) throw new UsageError('a password is never read from the command line (shell history and ps would keep it): type it at the prompt, or pipe it to standard input');
  }
  const parsed = parseCommandLine(args, PASSWORD_COMMAND);
  if (parsed.help) return undefined;
  const algorithm = singleValue(parsed, '--algorithm') ?? 'argon2';
  if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new UsageError(`'--algorithm' ${JSON.stringify(algorithm)}: must be one of ${HASH_ALGORITHMS.join(', ')}`);
  }
  return { algorithm: algorithm as HashAlgorithm };
}

/** A terminal's input: what raw mode needs. */
export type PasswordInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface PasswordIo {
  readonly input: PasswordInput;
  /** Prompts and notes. */
  readonly messages: Writable;
  /** The hash alone, so that it can be redirected. */
  readonly output: Writable;
}

/** Exit status of a command stopped with Ctrl-C, as shells report it. */
const INTERRUPTED = 130;

/**
 * The password: typed twice at a terminal without echo, or read whole from a pipe
 * (one line, its newline dropped).
 */
export async function readPassword(input: PasswordInput, messages: Writable): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await readHidden(input, messages, 'Password: ');
    const second = await readHidden(input, messages, 'Verify password: ');
    if (first !== second) throw new UsageError('the two passwords differ; nothing was printed');
    return nonEmpty(first);
  }
  let text = '';
  for await (const chunk of input) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const line = text.replace(/\r?\n$/, '');
  if (/[\r\n]/.test(line)) throw new UsageError('standard input holds more than one line: pipe in the password alone');
  return nonEmpty(line);
}

function nonEmpty(password: string): string {
  if (password === '') throw new UsageError('the password is empty');
  return password;
}

/** One line typed with the terminal's echo off; Ctrl-C stops, backspace edits. */
function readHidden(input: PasswordInput, messages: Writable, prompt: string): Promise<string> {
  // Echo off before the prompt shows, so nothing typed after it is ever echoed.
  input.setRawMode!(true);
  messages.write(prompt);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      messages.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new CommandFailed('interrupted; nothing was printed', INTERRUPTED));
        if (char === '\u0004') return finish(typed === '' ? new CommandFailed('no password typed; nothing was printed', INTERRUPTED) : undefined);
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

/**
 * npm run --silent password [-- --algorithm sha1]: prints a Jupyter password hash for
 * dask.jupyter.password. argon2 (argon2id, Jupyter's own parameters) by default.
 */
export async function main(args: string[], io: PasswordIo = { input: process.stdin, messages: process.stderr, output: process.stdout }): Promise<void> {
  const options = parsePasswordArgs(args);
  if (!options) {
    io.messages.write(`${helpText(PASSWORD_COMMAND)}\n`);
    return;
  }
  const password = await readPassword(io.input, io.messages);
  io.output.write(`${await jupyterPasswordHash(password, options.algorithm)}\n`);
  if (io.input.isTTY) io.messages.write('Put it in environments/<env>.yaml as dask.jupyter.password (quoted).\n');
}
