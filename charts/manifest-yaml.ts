import { dump } from 'js-yaml';

/**
 * A manifest as YAML, the one way synth writes files and bootstrap feeds kubectl.
 * js-yaml quotes every string a YAML 1.1 reader (kubectl's sigs.k8s.io/yaml) would take
 * for something else (yes, on, 1_000, 12:30); lineWidth -1 never folds, so a diff shows
 * the whole changed line; noRefs writes no anchors for an object met twice.
 */
export function manifestYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true, quoteStyle: 'double' });
}
