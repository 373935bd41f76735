import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { manifestYaml } from '../charts/manifest-yaml';

// Strings YAML 1.1 (kubectl's sigs.k8s.io/yaml, go-yaml v2) reads as booleans, numbers,
// dates or null, plus words that need quotes in any YAML.
const AMBIGUOUS = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'OFF', 'true', 'False', 'null', '~', '',
  '1_000', '12:30', '190:20:30', '0o17', '017', '0x1F', '0b101', '1e3', '.5', '+1', '-.inf', '.NaN', '2025.10', '2001-12-14',
  '8786', '--port=8786', ':8787', 'a: b', 'a #b', '#x', '- x', '? x', '*x', '&x', '!x', '%x', '@x', '`x', '{x', '[x', '"x', "'x", '|x', '>x',
  ' lead', 'trail ', 'a\nb', 'tab\there', 's3fs dask-ml --upgrade', 'tcp://dask-scheduler:8786', '<<',
];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? yamlFiles(path) : entry.endsWith('.yaml') ? [path] : [];
  });
}

describe('manifestYaml', () => {
  test('every string reads back as the same string under YAML 1.1 and 1.2', () => {
    const manifest = { env: AMBIGUOUS.map((value) => ({ name: 'X', value })), labels: Object.fromEntries(AMBIGUOUS.map((value, i) => [value || `empty-${i}`, value])) };
    const text = manifestYaml(manifest);
    expect(parse(text, { version: '1.2' })).toEqual(manifest);
    expect(parse(text, { version: '1.1' })).toEqual(manifest);
  });

  test('numbers, booleans and null stay what they are', () => {
    const value = { replicas: 3, ratio: 0.5, big: 4294967296, enabled: false, none: null, list: [1, 'one'] };
    expect(parse(manifestYaml(value), { version: '1.1' })).toEqual(value);
  });

  test('long strings are never folded, so a diff shows the whole line', () => {
    const long = 'x '.repeat(200).trim();
    expect(manifestYaml({ value: long })).toBe(`value: ${long}\n`);
  });

  test('the committed dist/ reads the same under YAML 1.1 as under 1.2', () => {
    const files = yamlFiles(join(__dirname, '..', 'dist'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, data: parse(text, { version: '1.1' }) }).toEqual({ file, data: parse(text, { version: '1.2' }) });
    }
  });
});
