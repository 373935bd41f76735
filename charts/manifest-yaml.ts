import { DUMP_SCHEMA, jsToAst, present } from 'js-yaml';

/** What `dump(value, { lineWidth: -1, noRefs: true, quoteStyle: 'double' })` would merge on every call, merged once. */
const PRESENTER_OPTIONS = { lineWidth: -1, quoteStyle: 'double', schema: DUMP_SCHEMA } as const;

/**
 * A manifest as YAML, the one way synth writes files and bootstrap feeds kubectl.
 * js-yaml quotes every string a YAML 1.1 reader (kubectl's sigs.k8s.io/yaml) would take
 * for something else (yes, on, 1_000, 12:30); lineWidth -1 never folds, so a diff shows
 * the whole changed line; noRefs writes no anchors for an object met twice. The two
 * steps `dump` takes, called directly: `dump` spreads its ~25 options into new objects
 * five times a call, a fifth of its time over a fleet's thousands of small objects.
 */
export function manifestYaml(value: unknown): string {
  return present(jsToAst(value, DUMP_SCHEMA, { noRefs: true }), PRESENTER_OPTIONS);
}
