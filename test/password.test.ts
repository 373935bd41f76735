import { EventEmitter } from 'events';
import { join } from 'path';
import { PassThrough, Readable } from 'stream';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { main, parsePasswordArgs, PasswordInput, readPassword } from '../charts/cli/password';
import { isJupyterPasswordHash, jupyterPasswordHash } from '../charts/config/password-hash';
import { runToEnd } from './support/processes';
import { DEBIAN_GENERATIONS, HOST } from './support/debian-generations';
import { describeWithPrograms, describeWithPython } from './support/require-program';

const ROOT = join(__dirname, '..');
const PYTHON = '/usr/bin/python3';

function sink(): PassThrough & { text: () => string } {
  const stream = new PassThrough() as PassThrough & { text: () => string };
  let text = '';
  stream.on('data', (chunk) => { text += chunk; });
  stream.text = () => text;
  return stream;
}

/** A terminal as readHidden sees one: raw mode switchable, keys arriving as data events. */
class FakeTerminal extends EventEmitter {
  public readonly isTTY = true;
  public readonly rawModes: boolean[] = [];
  public setRawMode(raw: boolean): this { this.rawModes.push(raw); return this; }
  public setEncoding(): this { return this; }
  public resume(): this { return this; }
  public pause(): this { return this; }
  /** Types `keys` once the next prompt is up. */
  public typeAfterPrompt(...lines: string[]): void {
    const next = () => {
      const line = lines.shift();
      if (line === undefined) return;
      setImmediate(() => { this.emit('data', line); next(); });
    };
    next();
  }
}

describe('password hashes', () => {
  test('argon2 by default: argon2id with the parameters jupyter_server.auth.passwd uses', async () => {
    const hash = await jupyterPasswordHash('correct horse');
    expect(hash).toMatch(/^argon2:\$argon2id\$v=19\$m=10240,t=10,p=8\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{22}$/);
    expect(isJupyterPasswordHash(hash)).toBe(true);
  });

  test('a fresh salt each time', async () => {
    expect(await jupyterPasswordHash('same')).not.toBe(await jupyterPasswordHash('same'));
  });

  test('sha1 as passwd writes it: reproduces the example in jupyter_server\'s passwd_check docstring', async () => {
    const salt = (size: number) => Buffer.from('0e112c3ddfce', 'hex').subarray(0, size);
    expect(await jupyterPasswordHash('mypassword', 'sha1', salt)).toBe('sha1:0e112c3ddfce:a68df677475c2b47b6e86d0467eec97ac5f4b85a');
  });
});

describe('npm run password: options', () => {
  test('argon2 unless --algorithm says sha1', () => {
    expect(parsePasswordArgs([])).toEqual({ algorithm: 'argon2' });
    expect(parsePasswordArgs(['--algorithm', 'sha1'])).toEqual({ algorithm: 'sha1' });
  });

  test('refuses a password on the command line', () => {
    expect(() => parsePasswordArgs(['hunter2'])).toThrow(new UsageError('a password is never read from the command line (shell history and ps would keep it): type it at the prompt, or pipe it to standard input'));
  });

  test('--algorithm=sha1 works too, and --help asks for the help text', () => {
    expect(parsePasswordArgs(['--algorithm=sha1'])).toEqual({ algorithm: 'sha1' });
    expect(parsePasswordArgs(['--help'])).toBeUndefined();
  });

  test('refuses an unknown algorithm', () => {
    expect(() => parsePasswordArgs(['--algorithm', 'md5'])).toThrow(new UsageError('\'--algorithm\' "md5": must be one of argon2, sha1'));
  });
});

describe('npm run password: reading the password', () => {
  test('from a pipe: the one line, without its newline', async () => {
    expect(await readPassword(Readable.from(['correct ', 'horse\n']), sink())).toBe('correct horse');
    expect(await readPassword(Readable.from(['correct horse\r\n']), sink())).toBe('correct horse');
  });

  test('from a pipe: refuses more than one line, and an empty password', async () => {
    await expect(readPassword(Readable.from(['a\nb\n']), sink())).rejects.toThrow(new UsageError('standard input holds more than one line: pipe in the password alone'));
    await expect(readPassword(Readable.from(['\n']), sink())).rejects.toThrow(new UsageError('the password is empty'));
  });

  test('from a terminal: twice, raw mode on while typing, nothing echoed, backspace edits', async () => {
    const terminal = new FakeTerminal();
    const messages = sink();
    terminal.typeAfterPrompt('secrex\u007ft\r', 'sec', 'ret\r');
    const password = await readPassword(terminal as unknown as PasswordInput, messages);
    expect(password).toBe('secret');
    expect(terminal.rawModes).toEqual([true, false, true, false]);
    expect(messages.text()).toBe('Password: \nVerify password: \n');
  });

  test('from a terminal: two different passwords are refused', async () => {
    const terminal = new FakeTerminal();
    terminal.typeAfterPrompt('one\r', 'two\r');
    await expect(readPassword(terminal as unknown as PasswordInput, sink())).rejects.toThrow(new UsageError('the two passwords differ; nothing was printed'));
  });

  test('from a terminal: Ctrl-C stops with status 130 and leaves raw mode', async () => {
    const terminal = new FakeTerminal();
    terminal.typeAfterPrompt('abc\u0003');
    const refused = readPassword(terminal as unknown as PasswordInput, sink());
    await expect(refused).rejects.toThrow(new CommandFailed('interrupted; nothing was printed', 130));
    expect(terminal.rawModes).toEqual([true, false]);
  });

  test('main prints the hash alone on its output, nothing on messages when piped', async () => {
    const output = sink();
    const messages = sink();
    await main(['--algorithm', 'sha1'], { input: Readable.from(['pw\n']), messages, output });
    expect(output.text()).toMatch(/^sha1:[0-9a-f]{12}:[0-9a-f]{40}\n$/);
    expect(messages.text()).toBe('');
  });
});

// Jupyter's own check, from Debian's python3-jupyter-server; the password goes over stdin.
const PASSWD_CHECK = 'import sys; from jupyter_server.auth.security import passwd_check; print(passwd_check(sys.argv[1], sys.stdin.read()))';

for (const generation of DEBIAN_GENERATIONS) {
  describeWithPython('hashes checked by Jupyter\'s own passwd_check', generation, PYTHON, ['jupyter_server', 'argon2'], [], () => {
    const check = async (hash: string, password: string) => (await runToEnd(...generation.wrap(PYTHON, ['-c', PASSWD_CHECK, hash]), password)).trim();

    test.each(['argon2', 'sha1'] as const)('%s: the password passes, another does not', async (algorithm) => {
      const hash = await jupyterPasswordHash('correct horse battery', algorithm);
      expect(await check(hash, 'correct horse battery')).toBe('True');
      expect(await check(hash, 'correct horse')).toBe('False');
    });

    test('a non-ASCII password hashes as Jupyter reads it', async () => {
      const hash = await jupyterPasswordHash('pässwörd ✓');
      expect(await check(hash, 'pässwörd ✓')).toBe('True');
    });
  });
}

// Drives the real command through a pseudo-terminal: types only once each prompt shows.
const PTY_DRIVER = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
seen = b''
def until(text):
    global seen
    while text not in seen:
        seen += os.read(fd, 1024)
until(b'Password: ')
os.write(fd, b'tty secret\\r')
until(b'Verify password: ')
os.write(fd, b'tty secret\\r')
try:
    while True:
        chunk = os.read(fd, 1024)
        if not chunk:
            break
        seen += chunk
except OSError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(seen.decode())
`;

describeWithPython('npm run password at a real terminal', HOST, PYTHON, ['pty', 'jupyter_server', 'argon2'], [], () => {
  test('prompts twice, never echoes the password, and prints a hash Jupyter accepts', async () => {
    const screen = await runToEnd(PYTHON, ['-c', PTY_DRIVER, process.execPath, join(ROOT, 'charts/run.js'), 'password'], '', { cwd: ROOT });
    expect(screen).toContain('Password: ');
    expect(screen).toContain('Verify password: ');
    expect(screen).not.toContain('tty secret');
    const hash = /argon2:\S+/.exec(screen)![0];
    expect((await runToEnd(PYTHON, ['-c', PASSWD_CHECK, hash], 'tty secret')).trim()).toBe('True');
  });
});

describeWithPrograms('npm run password from a pipe', [process.execPath], () => {
  test('prints one hash line and nothing else on standard output', async () => {
    const out = await runToEnd(process.execPath, [join(ROOT, 'charts/run.js'), 'password'], 'piped secret\n', { cwd: ROOT });
    expect(out).toMatch(/^argon2:\$argon2id\$[^\n]+\n$/);
  });
});
