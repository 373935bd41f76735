import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { plainYaml } from '../charts/plain-yaml';

const library = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });

// Words YAML may read as something else, or that need quotes, or that are fine as they are.
const SAMPLES = [
  'ghcr.io/dask/dask:2025.11.0', '--resources', '-x', '-', '--', '-1', '-.inf', '+1', '.5', 'a:b', 'a: b', 'a:', ':a', 'a :b', 'a::',
  'dask-scheduler:8786', 'tcp://dask-scheduler:8786', 'MEMORY=40e9', '1.5', '2025.11.0', '4Gi', '500m', '8786', '0x1F', '0o17', '0b1', '1e3', '1E3',
  '1_000', 'a #b', 'a#b', '#a', '@x', 'a@b', '%x', 'a%b', '!x', '&x', 'a &b', '*x', '?x', 'a ?b', '?', 'a,b', '[a', '{a', 'a]', 'a}', '|a', '>a', "'a", '"a', '`a',
  's3fs dask-ml --upgrade', 'a  b', ' a', 'a ', '', '*', '=', '<<', '~', 'a~b', '/', '/data', '_x', 'x_', 'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO',
  'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'FALSE', '.inf', '.nan', 'inf', 'nan', 'a\nb', 'a\tb', 'é', '1h30m', '5m', '10m', '1x', '1o', '9e',
  '0x', '0o8', '1.', '1.e5', '+.5', '-0', '00', '1e', 'e1', '0X1F', '1E+3', '1e-3', 'a/b:c', './x', '../x', '.x', '..', './', '.../x', '5d2ff2f8', '-a b', 'a b:c', 'a b: c',
  'a\u00a0b', 'a\rb', '\u2028', 'NaN', 'Infinity', '-Infinity', '1__0', 'a~', '~a',
  'http://x/y?z=1&b=2', 'cert-manager.io/cluster-issuer', 'app.kubernetes.io/name', 'a'.repeat(1001),
];
const NUMBERS = [0, 1, -1, 1.5, -0, 1e21, 2 ** 53, Number.MAX_SAFE_INTEGER, 0.1];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? yamlFiles(path) : entry.endsWith('.yaml') ? [path] : [];
  });
}

describe('the fast path for writing manifests', () => {
  test('prints exactly what the yaml library prints, or leaves the value to it', () => {
    const values: unknown[] = [];
    for (const sample of [...SAMPLES, ...NUMBERS, true, false, null]) {
      values.push({ key: sample }, { list: [sample, 'x'] }, { nested: { deeper: [{ a: sample, b: [] }, {}] } });
      if (typeof sample === 'string') values.push({ [sample]: 'value' }, { outer: { [sample]: { inner: 1 } } });
    }
    values.push({ empty: {}, none: [], lists: [[1, 2]] }, { a: undefined, b: 1 }, { list: [{ a: 1, b: { c: [] } }, 'x', 3] });
    let fast = 0;
    for (const value of values) {
      const text = plainYaml(value);
      if (text === undefined) continue;
      fast++;
      expect({ value, text }).toEqual({ value, text: library(value) });
    }
    // Many samples are there to be refused; enough are taken that the comparison means something.
    expect(fast).toBeGreaterThan(values.length / 3);
  });

  test('every committed manifest takes it or falls back, byte for byte the same', () => {
    let fast = 0;
    const files = yamlFiles(join(__dirname, '..', 'dist'));
    for (const file of files) {
      const value: unknown = parse(readFileSync(file, 'utf8'));
      const text = plainYaml(value);
      if (text === undefined) continue;
      fast++;
      expect({ file, text }).toEqual({ file, text: library(value) });
    }
    expect(fast).toBeGreaterThan(files.length / 2);
  });
});
