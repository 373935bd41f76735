// Reading what synth wrote: a folder of rendered YAML read the way kustomize
// builds it (the files its kustomization.yaml lists under resources, in that
// order), and the multi-document YAML parsing behind it, which validate shares.
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, YAMLError } from 'yaml';
import { UsageError } from './cli/exit';
import { yamlData } from './config/environment-file';
import { InputError, Problem } from './config/errors';
import { isPlainObject } from './config/json-path';
import type { Manifest } from './render';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** The group of kustomize's own config files: not objects for the cluster. */
export const KUSTOMIZE_CONFIG_GROUP = 'kustomize.config.k8s.io/';

/** One document of a YAML text, and the line its content starts on. */
export interface YamlDocument {
  readonly value: unknown;
  readonly line: number;
}

/** A YAML syntax error, located; the message is one line. */
export interface YamlError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedYaml {
  /** In order; a document with errors is left out, its errors are in `errors`. */
  readonly documents: readonly YamlDocument[];
  readonly errors: readonly YamlError[];
}

/** An object of a rendered folder, and where it was read from. */
export interface RenderedObject {
  readonly object: Manifest;
  readonly file: string;
  readonly line: number;
}

/** Every document of a multi-document YAML text; an empty or comment-only text has none, an empty document is null. */
export function parseDocuments(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents: YamlDocument[] = [];
  const errors: YamlError[] = [];
  for (const document of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    if (document.errors.length > 0) {
      errors.push(...document.errors.map((error) => located(lineCounter, error)));
      continue;
    }
    // The content's line, not that of a `---` or comment before it.
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
    const data = yamlData(document);
    if ('problem' in data) errors.push({ line, column: 1, message: data.problem });
    else documents.push({ value: data.value, line });
  }
  return { documents, errors };
}

/**
 * The objects `kubectl kustomize <dir>` builds from a folder synth rendered: those
 * of each file its kustomization.yaml lists under resources, in that order. Files
 * it does not list are not read (validate reports them). Throws, naming the file
 * and line, when the folder is not one synth writes.
 */
export function readRenderedFolder(dir: string): RenderedObject[] {
  const kustomization = join(dir, KUSTOMIZATION_FILE);
  if (!existsSync(kustomization)) {
    throw new UsageError(`${kustomization} not found: ${dir} is not a folder synth rendered; render it with \`npm run synth\``);
  }
  const problems: Problem[] = [];
  const objects: RenderedObject[] = [];
  for (const { name, index, line, column } of listedResources(kustomization, problems)) {
    const file = join(dir, name);
    const where = { file: kustomization, path: ['resources', index], line, column };
    if (!existsSync(file)) {
      problems.push({ ...where, message: `lists ${name}, which is not in ${dir}: re-render with \`npm run synth\`` });
      continue;
    }
    if (!statSync(file).isFile()) {
      problems.push({ ...where, message: `${name} is a folder: synth lists only files, so this kustomization is not synth's; re-render with \`npm run synth\`` });
      continue;
    }
    const { documents, errors } = parseDocuments(readFileSync(file, 'utf8'));
    for (const error of errors) problems.push({ file, path: [], line: error.line, column: error.column, message: `not valid YAML: ${error.message}` });
    for (const document of documents) {
      // kustomize skips empty documents too.
      if (document.value === null) continue;
      if (isManifest(document.value)) objects.push({ object: document.value, file, line: document.line });
      else problems.push({ file, path: [], line: document.line, message: 'not a Kubernetes object: apiVersion, kind and metadata.name are required' });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

interface ListedResource {
  readonly name: string;
  /** Its index in resources, for messages. */
  readonly index: number;
  readonly line?: number;
  readonly column?: number;
}

/** The file names kustomization.yaml lists, located; any other field would change what kustomize builds. */
function listedResources(file: string, problems: Problem[]): ListedResource[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  const at = (node: unknown): { line?: number; column?: number } => (isNode(node) && node.range ? position(lineCounter, node.range[0]) : {});
  if (document.errors.length > 0) {
    for (const error of document.errors.map((each) => located(lineCounter, each))) problems.push({ file, path: [], ...error, message: `not valid YAML: ${error.message}` });
    return [];
  }
  const data = yamlData(document);
  if ('problem' in data) {
    problems.push({ file, path: [], ...at(document.contents), message: `not valid YAML: ${data.problem}` });
    return [];
  }
  const config = data.value;
  if (!isMap(document.contents) || !isPlainObject(config) || config.kind !== 'Kustomization'
    || typeof config.apiVersion !== 'string' || !config.apiVersion.startsWith(KUSTOMIZE_CONFIG_GROUP)) {
    problems.push({ file, path: [], ...at(document.contents), message: `not a kustomize Kustomization (apiVersion ${KUSTOMIZE_CONFIG_GROUP}v1beta1, kind Kustomization)` });
    return [];
  }
  const listed: ListedResource[] = [];
  for (const { key, value } of document.contents.items) {
    const name = isScalar(key) ? String(key.value) : String(key);
    if (name === 'apiVersion' || name === 'kind') continue;
    if (name !== 'resources') {
      problems.push({ file, path: [name], ...at(key), message: 'synth writes only resources, and this field changes what kustomize builds: re-render with `npm run synth`' });
    } else if (!isSeq(value)) {
      problems.push({ file, path: ['resources'], ...at(isNode(value) ? value : key), message: 'must be a list of file names' });
    } else {
      value.items.forEach((item, index) => {
        if (isScalar(item) && typeof item.value === 'string') listed.push({ name: item.value, index, ...at(item) });
        else problems.push({ file, path: ['resources', index], ...at(item), message: 'must be a file name' });
      });
    }
  }
  return listed;
}

function located(lineCounter: LineCounter, error: YAMLError): YamlError {
  return { ...position(lineCounter, error.pos[0]), message: error.message.split('\n')[0] };
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function isManifest(value: unknown): value is Manifest {
  return isPlainObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string'
    && isPlainObject(value.metadata) && typeof value.metadata.name === 'string';
}
