import { BOOTSTRAP_COMMAND, parseArgs } from '../bootstrap/args';
import { CHECK_COMMAND, main as checkMain, parseCheckArgs } from '../charts/cli/check';
import { DIFF_COMMAND, main as diffMain, parseDiffArgs } from '../charts/cli/diff';
import { UsageError } from '../charts/cli/exit';
import { CommandSpec, helpText, parseCommandLine } from '../charts/cli/flags';
import { main as synthMain, parseSynthArgs, SYNTH_COMMAND } from '../charts/cli/synth';
import { main as validateMain, parseValidateArgs, VALIDATE_COMMAND } from '../charts/cli/validate';
import { tempDir } from './support/temp-dirs';

const SPEC: CommandSpec = {
  command: 'npm run demo --',
  summary: 'A command for the parser tests.',
  flags: {
    '--env': { value: '<name>', help: 'an environment', repeatable: true },
    '--out': { value: '<dir>', help: 'where to write' },
    '--plan': { help: 'change nothing' },
    '--yes': { help: 'do not ask', alias: '-y' },
  },
};

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  test('--flag=value and --flag value read the same', () => {
    const spaced = parseCommandLine(['--env', 'dev', '--out', 'x'], SPEC);
    const joined = parseCommandLine(['--env=dev', '--out=x'], SPEC);
    expect(joined).toEqual(spaced);
    expect(spaced.values.get('--env')).toEqual(['dev']);
    expect(spaced.values.get('--out')).toEqual(['x']);
  });

  test('a value may hold = and start with a dash when written --flag=value', () => {
    expect(parseCommandLine(['--out=a=b'], SPEC).values.get('--out')).toEqual(['a=b']);
    expect(parseCommandLine(['--out=-x'], SPEC).values.get('--out')).toEqual(['-x']);
  });

  test('a repeated value is taken once; a repeatable flag keeps different values in order', () => {
    expect(parseCommandLine(['--env', 'dev', '--env', 'dev'], SPEC).values.get('--env')).toEqual(['dev']);
    expect(parseCommandLine(['--env', 'prod', '--env=dev', '--env', 'prod'], SPEC).values.get('--env')).toEqual(['prod', 'dev']);
    expect(parseCommandLine(['--out', 'x', '--out=x'], SPEC).values.get('--out')).toEqual(['x']);
  });

  test('a single-value flag given two different values is refused, naming both', () => {
    expect(usageError(() => parseCommandLine(['--out', 'x', '--out', 'y'], SPEC))).toBe('\'--out\' given twice, as "x" and "y": give it once');
  });

  test('switches and their short aliases', () => {
    expect([...parseCommandLine(['--plan', '-y'], SPEC).switches].sort()).toEqual(['--plan', '--yes']);
    expect(usageError(() => parseCommandLine(['--plan=true'], SPEC))).toBe("'--plan' takes no value: got '--plan=true'");
  });

  test('a value flag without its value is refused, however written', () => {
    const message = "'--out' needs a value: --out <dir> (or --out=<dir>)";
    expect(usageError(() => parseCommandLine(['--out'], SPEC))).toBe(message);
    expect(usageError(() => parseCommandLine(['--out='], SPEC))).toBe(message);
    expect(usageError(() => parseCommandLine(['--out', '--plan'], SPEC))).toBe(message);
  });

  test('an unknown flag suggests the nearest one, with or without a value', () => {
    const allowed = 'allowed: --env <name>, --out <dir>, --plan, --yes, --help';
    expect(usageError(() => parseCommandLine(['--evn', 'dev'], SPEC))).toBe(`unknown option '--evn' (did you mean '--env'?); ${allowed}`);
    expect(usageError(() => parseCommandLine(['--evn=dev'], SPEC))).toBe(`unknown option '--evn' (did you mean '--env'?); ${allowed}`);
    expect(usageError(() => parseCommandLine(['--frobnicate'], SPEC))).toBe(`unknown option '--frobnicate'; ${allowed}`);
  });

  test('--help and -h win over everything else on the line', () => {
    expect(parseCommandLine(['--help'], SPEC).help).toBe(true);
    expect(parseCommandLine(['--bogus', '-h'], SPEC).help).toBe(true);
    expect(parseCommandLine(['--env', 'dev'], SPEC).help).toBe(false);
  });

  test('a word where only options are taken is refused', () => {
    expect(usageError(() => parseCommandLine(['dev'], SPEC))).toBe("unexpected argument 'dev': this command takes only options (see --help)");
  });

  test('a required flag is named when missing', () => {
    const spec: CommandSpec = { ...SPEC, flags: { '--env': { value: '<name>', help: 'the environment to use', required: true } } };
    expect(usageError(() => parseCommandLine([], spec))).toBe("'--env' is required: the environment to use");
  });
});

describe('helpText', () => {
  test('lists the synopsis, every option with its placeholder, and --help', () => {
    expect(helpText(SPEC)).toBe([
      'usage: npm run demo -- [--env <name>]... [--out <dir>] [--plan] [--yes]',
      '',
      'A command for the parser tests.',
      '',
      'Options:',
      '  --env <name>  an environment (repeatable)',
      '  --out <dir>   where to write',
      '  --plan        change nothing',
      '  --yes, -y     do not ask',
      '  --help, -h    print this help and exit',
    ].join('\n'));
  });
});

describe('every command reads its command line through the one parser', () => {
  const root = '/repo';
  const commands: [string, CommandSpec, (args: string[]) => unknown][] = [
    ['synth', SYNTH_COMMAND, (args) => parseSynthArgs(args, root)],
    ['validate', VALIDATE_COMMAND, (args) => parseValidateArgs(args, root)],
    ['check', CHECK_COMMAND, (args) => parseCheckArgs(args, root)],
    ['diff', DIFF_COMMAND, (args) => parseDiffArgs(args, root)],
    ['bootstrap', BOOTSTRAP_COMMAND, (args) => parseArgs(args, root)],
  ];

  test.each(commands)('%s: every value flag takes --flag=value as --flag value', (_name, spec, parse) => {
    for (const [flag, { value }] of Object.entries(spec.flags)) {
      if (value === undefined) continue;
      const required = spec.flags['--env']?.required && flag !== '--env' ? ['--env', 'dev'] : [];
      const example = flag === '--timeout' ? '45m' : 'x';
      expect(parse([...required, `${flag}=${example}`])).toEqual(parse([...required, flag, example]));
    }
  });

  test.each(commands)('%s: an unknown flag suggests the nearest one', (_name, spec, parse) => {
    const first = Object.keys(spec.flags)[0];
    const typo = `${first.slice(0, -2)}${first.at(-1)}${first.at(-2)}`;
    expect(usageError(() => parse([typo, 'x']))).toMatch(new RegExp(`^unknown option '${typo}' \\(did you mean '${first}'\\?\\)`));
  });

  test('synth and bootstrap suggest --env for --evn', () => {
    expect(usageError(() => parseSynthArgs(['--evn', 'dev']))).toMatch(/^unknown option '--evn' \(did you mean '--env'\?\)/);
    expect(usageError(() => parseArgs(['--evn=dev']))).toMatch(/^unknown option '--evn' \(did you mean '--env'\?\)/);
  });

  test('synth takes --env=dev and a repeated --env dev --env dev as one environment', () => {
    expect(parseSynthArgs(['--env=dev'], root)?.envs).toEqual(['dev']);
    expect(parseSynthArgs(['--env', 'dev', '--env', 'dev'], root)?.envs).toEqual(['dev']);
    expect(parseSynthArgs(['--env', 'dev', '--env=prod'], root)?.envs).toEqual(['dev', 'prod']);
  });

  test('bootstrap takes --env=dev and a repeated --env dev --env dev', () => {
    expect(parseArgs(['--env=dev'], root).env).toBe('dev');
    expect(parseArgs(['--env', 'dev', '--env', 'dev'], root).env).toBe('dev');
    expect(usageError(() => parseArgs(['--env', 'dev', '--env', 'prod'], root))).toBe('\'--env\' given twice, as "dev" and "prod": give it once');
  });

  test.each([
    ['synth', SYNTH_COMMAND, synthMain],
    ['validate', VALIDATE_COMMAND, validateMain],
    ['check', CHECK_COMMAND, checkMain],
    ['diff', DIFF_COMMAND, diffMain],
  ] as const)('%s --help prints its help and does nothing else', async (_name, spec, main) => {
    // An empty folder: were --help ignored, the command would fail on the missing environments/ or dist/.
    const empty = tempDir('dask-gitops-help-');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await main(['--help'], empty);
      await main(['-h'], empty);
      expect(log.mock.calls).toEqual([[helpText(spec)], [helpText(spec)]]);
    } finally {
      log.mockRestore();
    }
  });

  test('bootstrap --help needs no --env', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['sync', '-h']).help).toBe(true);
  });
});
