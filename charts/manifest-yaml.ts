import { CORE_SCHEMA, dump, DumpOptions, Type } from 'js-yaml';

/** Plain scalars go-yaml v3 reads by name as a bool, null or float, and `<<`, which as a key merges another mapping in. */
const GO_YAML_V3_WORDS = new Set([
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);
/** go-yaml v2 (resolve.go, v2.4) also reads YAML 1.1's other booleans. */
const GO_YAML_V2_WORDS = new Set([...GO_YAML_V3_WORDS, 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
/**
 * What strconv.ParseInt and ParseUint accept with base 0, and go-yaml's fallbacks after a
 * `0b` (v2, v3) or `0o` (v3) prefix, which parse the rest with its own sign (`0b-1` is -1).
 * Range checks aside, and `0x` taken like the others: quoting a string too many is harmless.
 */
const GO_INTEGER = /^[-+]?(0[xX][-+]?[0-9a-fA-F]+|0[oO][-+]?[0-7]+|0[bB][-+]?[01]+|[0-9]+)$/;
/** go-yaml's own float syntax (resolve.go's yamlStyleFloat, the same in v2 and v3). */
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/**
 * How every timestamp go-yaml accepts begins (parseTimestamp: 2006-1-2, 2006-1-2T15:4:5Z, ...);
 * kustomize rewrites `2001-1-2` as `2001-01-02T00:00:00Z`. js-yaml's dates begin so too.
 */
const GO_YAML_TIMESTAMP_START = /^[0-9]{4}-/;

/**
 * Whether go-yaml reads this plain scalar as something other than a string: v2 in kubectl
 * (through sigs.k8s.io/yaml) or v3 in kustomize, which Flux builds with. go-yaml drops every
 * `_` before it tries a number, so `1_e3` is 1000; a YAML 1.2 writer sees a string there.
 */
export function goYamlReadsAsNonString(text: string): boolean {
  return readsAsNonString(text, GO_YAML_V2_WORDS);
}

/** Whether go-yaml v3, kustomize's reader, reads this plain scalar as something other than a string (`yes` it keeps). */
export function goYamlV3ReadsAsNonString(text: string): boolean {
  return readsAsNonString(text, GO_YAML_V3_WORDS);
}

function readsAsNonString(text: string, words: ReadonlySet<string>): boolean {
  // Most strings start with a letter: only a word can match them, and a Set answers that.
  if (!startsNumberLike(text.charCodeAt(0))) return words.has(text);
  if (words.has(text) || GO_YAML_TIMESTAMP_START.test(text)) return true;
  const plain = text.replaceAll('_', '');
  return GO_INTEGER.test(plain) || GO_YAML_FLOAT.test(plain);
}

/** `+`, `-`, `.` or a digit: how go-yaml decides to try a scalar as a number or a time. */
function startsNumberLike(code: number): boolean {
  return code === 0x2b || code === 0x2d || code === 0x2e || (code >= 0x30 && code <= 0x39);
}

/**
 * js-yaml quotes a string when an implicit type of its schema would resolve it. This one
 * resolves what go-yaml would read as something else, and never represents a value itself.
 */
const GO_YAML_NON_STRING = new Type('tag:dask-gitops,2026:go-yaml-non-string', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && goYamlReadsAsNonString(text),
  construct: (text: string) => text,
});

/**
 * YAML 1.2's core schema and the type above; js-yaml's compat mode quotes YAML 1.1's other
 * booleans (`on`) and sexagesimals (`12:30`). js-yaml's default schema adds dates, `<<` and
 * binary data, which the type above quotes or manifests never hold: each of its types would
 * be tried on every value. lineWidth -1 never folds, so a diff shows the whole changed line;
 * noRefs writes no anchors for an object met twice.
 */
const OPTIONS: DumpOptions = {
  schema: CORE_SCHEMA.extend({ implicit: [GO_YAML_NON_STRING] }),
  lineWidth: -1,
  noRefs: true,
  quotingType: '"',
};

/**
 * A manifest as YAML, the one way synth writes files and bootstrap feeds kubectl: every
 * string reads back as that string in kubectl, in kustomize and in YAML 1.1 and 1.2 readers.
 */
export function manifestYaml(value: unknown): string {
  return dump(value, OPTIONS);
}
