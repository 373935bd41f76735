import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { kubectlReadsAsNonString, manifestYaml } from '../charts/manifest-yaml';
import { findProgram, requireProgram } from './support/require-program';
import { tempDir } from './support/temp-dirs';

// Strings YAML 1.1 (kubectl's sigs.k8s.io/yaml, go-yaml v2) reads as booleans, numbers,
// dates or null, plus words that need quotes in any YAML.
const AMBIGUOUS = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'OFF', 'true', 'False', 'null', '~', '',
  '1_000', '12:30', '190:20:30', '0o17', '017', '0x1F', '0b101', '1e3', '.5', '+1', '-.inf', '.NaN', '2025.10', '2001-12-14',
  '1_e3', '+.5', '0x_1F', '-0b11', '1_0.5', '09', '1.e5', '._5', '+1:30', '1_0:30', 'ON', 'Off', 'N',
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

// Every string of up to three characters from those that make YAML numbers, words and
// indicators: a corpus in which a quoting rule that misses a form kubectl reads as a number
// (as `1_e3` once was) cannot hide.
const NUMBER_LIKE = ['0', '1', '7', '9', '_', '.', '-', '+', ':', 'e', 'E', 'x', 'o', 'b', 'n', 'y', 'N', 'a', ' '];
function numberLikeStrings(): string[] {
  const strings = [''];
  for (let length = 1; length <= 3; length++) {
    const previous = strings.filter((value) => value.length === length - 1);
    for (const prefix of previous) for (const char of NUMBER_LIKE) strings.push(prefix + char);
  }
  return [...strings, ...AMBIGUOUS];
}

describe('kubectlReadsAsNonString', () => {
  test.each(['1_e3', '1_000', '+.5', '0x_1F', '-0b11', '09', '0o17', '.5', 'yes', 'OFF', '~', '-.inf', ''])('%j is read as a number, bool or null', (text) => {
    expect(kubectlReadsAsNonString(text)).toBe(true);
  });
  test.each(['_1', '1a', '0x', '1:2', '--port=8786', '0b2', 'e3', 'Yes please', '<<', '2001-1-2'])('%j stays a string', (text) => {
    expect(kubectlReadsAsNonString(text)).toBe(false);
  });
});

// kubectl itself, offline (--local): the reader `kubectl apply` hands the API server's
// JSON to. Its go-yaml v2 differs from YAML 1.1 and 1.2 alike, so no YAML library stands in.
(requireProgram('kubectl', 'manifests read back through kubectl') ? describe : describe.skip)('manifests read back through kubectl', () => {
  test('every string, as a value and as a key, comes back from kubectl as the same string', () => {
    const strings = [...new Set(numberLikeStrings())];
    const data = Object.fromEntries(strings.map((value, i) => [`k${i}`, value]));
    const keyed = Object.fromEntries(strings.filter((value) => value !== '').map((value) => [value, 'v']));
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strings', annotations: keyed }, data };
    const file = join(tempDir('manifest-yaml-'), 'configmap.yaml');
    writeFileSync(file, manifestYaml(manifest));
    const json = execFileSync(findProgram('kubectl')!, ['annotate', '--local', '-o', 'json', '-f', file, 'checked=yes'], {
      encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' }, maxBuffer: 64 * 1024 * 1024,
    });
    const read = JSON.parse(json);
    expect(strings.length).toBeGreaterThan(7000);
    expect(read.data).toEqual(data);
    expect(read.metadata.annotations).toEqual({ ...keyed, checked: 'yes' });
  });
});
