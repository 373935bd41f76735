import { DEFAULT_SCHEMA, dump, DumpOptions, Type } from 'js-yaml';

/** Plain scalars go-yaml v2 (resolve.go, v2.4) reads as a bool, null or float by name. */
const GO_YAML_V2_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
/** What strconv.ParseInt and ParseUint accept with base 0 (a range check aside: quoting a huge number is harmless). */
const GO_INTEGER = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
/** go-yaml v2's own float syntax (resolve.go's yamlStyleFloat). */
const GO_YAML_V2_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * Whether kubectl (sigs.k8s.io/yaml, over go-yaml v2) reads this plain scalar as something
 * other than a string. go-yaml drops every `_` before it tries a number, so `1_e3` is 1000;
 * a YAML 1.2 writer sees a string there and would leave it unquoted.
 */
export function kubectlReadsAsNonString(text: string): boolean {
  if (GO_YAML_V2_WORDS.has(text)) return true;
  if (!/^[-+.0-9]/.test(text)) return false;
  const plain = text.replaceAll('_', '');
  return GO_INTEGER.test(plain) || GO_YAML_V2_FLOAT.test(plain);
}

/**
 * js-yaml quotes a string when any implicit type of its schema would resolve it; this type
 * resolves what kubectl's reader would, and never represents a value itself.
 */
const KUBECTL_NON_STRING = new Type('tag:dask-gitops,2026:kubectl-non-string', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && kubectlReadsAsNonString(text),
  construct: (text: string) => text,
});

/**
 * js-yaml's default schema (YAML 1.2 core, timestamps, `<<`) and compat mode (YAML 1.1
 * booleans such as `on`, sexagesimal `12:30`) quote the rest. lineWidth -1 never folds, so
 * a diff shows the whole changed line; noRefs writes no anchors for an object met twice.
 */
const OPTIONS: DumpOptions = {
  schema: DEFAULT_SCHEMA.extend({ implicit: [KUBECTL_NON_STRING] }),
  lineWidth: -1,
  noRefs: true,
  quotingType: '"',
};

/**
 * A manifest as YAML, the one way synth writes files and bootstrap feeds kubectl: every
 * string reads back as that string in kubectl, in kustomize and in any YAML 1.2 reader.
 */
export function manifestYaml(value: unknown): string {
  return dump(value, OPTIONS);
}
