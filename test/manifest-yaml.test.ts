import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { goYamlReadsAsNonString, manifestYaml } from '../charts/manifest-yaml';
import { fileTree } from './support/file-tree';
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
    const files = Object.entries(fileTree(join(__dirname, '..', 'dist'))).filter(([file]) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const [file, text] of files) {
      expect({ file, data: parse(text, { version: '1.1' }) }).toEqual({ file, data: parse(text, { version: '1.2' }) });
    }
  });
});

// Every string of up to three characters from those that make YAML numbers, words and
// indicators, and longer families: go-yaml's signed `0b`/`0o` fallbacks and its timestamps with
// one-digit fields. A quoting rule that misses a form go-yaml reads as something else (as
// `1_e3`, `0o-7` and `2001-1-2` once were) cannot hide in it.
const NUMBER_LIKE = ['0', '1', '7', '9', '_', '.', '-', '+', ':', 'e', 'E', 'x', 'o', 'b', 'n', 'y', 'N', 'a', ' '];
const PREFIXES = ['0b', '0o', '0x', '0B', '0O', '0X', '-0b', '-0o', '+0b', '0_b', '0_o', '-0_o'];
const PREFIXED = ['-1', '+1', '-_1', '_-1', '1', '-7', '+7f', '+0x1', '-0b1'];
const TIMESTAMPS = ['2001-1-2', '1999-9-9', '2001-12-14T1:2:3Z', '2001-1-2 1:2:3', '2001-1-2t1:2:3.5-05:00', '2001-12-14 21:59:43.10', '2001-13-45'];
function numberLikeStrings(): string[] {
  const strings = [''];
  for (let length = 1; length <= 3; length++) {
    const previous = strings.filter((value) => value.length === length - 1);
    for (const prefix of previous) for (const char of NUMBER_LIKE) strings.push(prefix + char);
  }
  const prefixed = PREFIXES.flatMap((prefix) => PREFIXED.map((rest) => prefix + rest));
  return [...new Set([...strings, ...prefixed, ...TIMESTAMPS, ...AMBIGUOUS])];
}

describe('goYamlReadsAsNonString', () => {
  test.each(['1_e3', '1_000', '+.5', '0x_1F', '-0b11', '0b-1', '0o+17', '09', '0o17', '.5', 'yes', 'OFF', '~', '-.inf', '', '<<', '2001-1-2'])(
    '%j is read as something other than a string', (text) => {
      expect(goYamlReadsAsNonString(text)).toBe(true);
    },
  );
  test.each(['_1', '1a', '0x', '1:2', '--port=8786', '0b2', 'e3', 'Yes please', '<<x', '201-1-2', 'v2001-1-2'])('%j stays a string', (text) => {
    expect(goYamlReadsAsNonString(text)).toBe(false);
  });
});

/** `manifest` as kubectl reads it (offline, --local), from a file or from a kustomize build of a folder. */
function readByKubectl(path: string): { data: Record<string, unknown>; metadata: { annotations: Record<string, string> } } {
  const json = execFileSync(findProgram('kubectl')!, ['annotate', '--local', '-o', 'json', '-f', path, 'checked=yes'], {
    encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' }, maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(json);
}

// kubectl itself: the reader `kubectl apply` hands the API server's JSON to (go-yaml v2), and
// kustomize, which Flux and `npm run validate` build with (go-yaml v3). They differ from YAML
// 1.1 and 1.2 alike, and from each other, so no YAML library stands in for them.
(requireProgram('kubectl', 'manifests read back through kubectl and kustomize') ? describe : describe.skip)('manifests read back through kubectl and kustomize', () => {
  const strings = numberLikeStrings();
  const data = Object.fromEntries(strings.map((value, i) => [`k${i}`, value]));
  const keyed = Object.fromEntries(strings.filter((value) => value !== '').map((value) => [value, 'v']));

  test('the corpus holds every short number-like string and the longer families', () => {
    expect(strings.length).toBeGreaterThan(7000);
    expect(strings).toEqual(expect.arrayContaining(['1_e3', '0o-7', '0b+1', '2001-1-2', '2001-12-14T1:2:3Z']));
  });

  test('every string, as a value and as a key, comes back from kubectl as the same string', () => {
    const file = join(tempDir('manifest-yaml-'), 'configmap.yaml');
    writeFileSync(file, manifestYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strings', annotations: keyed }, data }));
    const read = readByKubectl(file);
    expect(read.data).toEqual(data);
    expect(read.metadata.annotations).toEqual({ ...keyed, checked: 'yes' });
  });

  // As keys, under a ConfigMap's data: kustomize rewrites an object's own annotations (below).
  test('every string, as a value and as a key, comes back the same from a kustomize build', () => {
    const dir = tempDir('manifest-yaml-kustomize-');
    writeFileSync(join(dir, 'values.yaml'), manifestYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'values' }, data }));
    // kustomize drops a `<<` key however it is quoted; no key of a manifest may be `<<` (label,
    // annotation and ConfigMap keys are letters, digits, "-", "_" and ".").
    const keys = Object.fromEntries(Object.entries(keyed).filter(([key]) => key !== '<<'));
    writeFileSync(join(dir, 'keys.yaml'), manifestYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: keys }));
    writeFileSync(join(dir, 'kustomization.yaml'), manifestYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['values.yaml', 'keys.yaml'] }));
    const built = execFileSync(findProgram('kubectl')!, ['kustomize', dir], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' }, maxBuffer: 64 * 1024 * 1024 });
    // One file per built object, for kubectl to read as kubectl apply would.
    const read = built.split(/^---$/m).map((document, i) => {
      const file = join(dir, `built-${i}.yaml`);
      writeFileSync(file, document);
      return readByKubectl(file) as unknown as { metadata: { name: string }; data: Record<string, unknown> };
    });
    expect(read.map((object) => object.metadata.name).sort()).toEqual(['keys', 'values']);
    expect(read.find((object) => object.metadata.name === 'values')!.data).toEqual(data);
    expect(read.find((object) => object.metadata.name === 'keys')!.data).toEqual(keys);
  });

  // Why synth refuses such keys on a Service or Ingress (charts/config/check-environment.ts):
  // kustomize rewrites an object's own annotations and loses their quotes. When a kustomize
  // release fixes this, this test fails, and the refusal can go.
  test('kustomize fails to build an object whose own annotation key YAML reads as a number, and keeps a pod template\'s', () => {
    const dir = tempDir('manifest-yaml-annotations-');
    const annotations = { '99': 'v' };
    const build = (manifest: object) => {
      writeFileSync(join(dir, 'object.yaml'), manifestYaml(manifest));
      writeFileSync(join(dir, 'kustomization.yaml'), manifestYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['object.yaml'] }));
      return execFileSync(findProgram('kubectl')!, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '/dev/null' } });
    };
    expect(() => build({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', annotations }, spec: { ports: [{ port: 80 }] } })).toThrow(/unsupported type/);
    const pods = build({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { annotations }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
    expect(pods).toContain('"99": v');
  });
});
