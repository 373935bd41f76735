import { CORE_SCHEMA, dump, DumpOptions, Type, types } from 'js-yaml';

// js-yaml 4 exports its built-in types (lib/index.js); @types/js-yaml 4.0.9 leaves them out.
declare module 'js-yaml' {
  export const types: Readonly<Record<'timestamp' | 'merge', Type>>;
}

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
  // Most strings start with a letter: only a word can match them, and a Set answers that.
  if (!startsNumberLike(text.charCodeAt(0))) return GO_YAML_V2_WORDS.has(text);
  if (GO_YAML_V2_WORDS.has(text)) return true;
  const plain = text.replaceAll('_', '');
  return GO_INTEGER.test(plain) || GO_YAML_V2_FLOAT.test(plain);
}

/** `+`, `-`, `.` or a digit: how go-yaml v2 decides to try a scalar as a number. */
function startsNumberLike(code: number): boolean {
  return code === 0x2b || code === 0x2d || code === 0x2e || (code >= 0x30 && code <= 0x39);
}

/**
 * js-yaml quotes a string when an implicit type of its schema would resolve it. This one
 * resolves what kubectl's reader would, and what YAML 1.1 reads as a date (js-yaml's own
 * timestamp test, run only on a string that starts with a digit, as every date does); it
 * never represents a value itself.
 */
const READ_AS_NON_STRING = new Type('tag:dask-gitops,2026:read-as-non-string', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && (kubectlReadsAsNonString(text) || (isDigit(text.charCodeAt(0)) && types.timestamp.resolve(text))),
  construct: (text: string) => text,
});

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * YAML 1.2's core schema, `<<` (a merge key to YAML 1.1 readers) and the type above; js-yaml's
 * compat mode quotes YAML 1.1's other booleans (`on`) and sexagesimals (`12:30`). Manifests
 * hold no binary data or dates, so js-yaml's types for those are left out: each would be
 * tried on every value. lineWidth -1 never folds, so a diff shows the whole changed line;
 * noRefs writes no anchors for an object met twice.
 */
const OPTIONS: DumpOptions = {
  schema: CORE_SCHEMA.extend({ implicit: [types.merge, READ_AS_NON_STRING] }),
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
