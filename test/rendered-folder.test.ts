import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { InputError } from '../charts/config/errors';
import { writeRendered } from '../charts/output';
import { renderEnvironments } from '../charts/render';
import { parseDocuments, readRenderedFolder } from '../charts/rendered-folder';
import { loadText } from './support/environment-fixtures';
import { edit } from './support/gitops-fixtures';
import { tempDir } from './support/temp-dirs';

const ENVIRONMENT = `namespace: dask-test
cluster: {project: demo-project, location: us-central1-a, name: dask-dev, admins: [alice@example.com]}
gitops: {tool: flux, repoUrl: https://github.com/example/dask-gitops}
`;

/** dist/ as synth writes it for ENVIRONMENT (named dev): the real renderer and writer. */
function renderedDist(): string {
  const dist = join(tempDir('rendered-folder-'), 'dist');
  writeRendered(dist, renderEnvironments([loadText(ENVIRONMENT, 'dev')]), { prune: false });
  return dist;
}

/** What readRenderedFolder threw, as formatted problems or a usage message. */
function failure(dir: string): string[] {
  try {
    readRenderedFolder(dir);
  } catch (error) {
    if (error instanceof InputError) return error.message.split('\n');
    if (error instanceof UsageError) return [error.message];
    throw error;
  }
  throw new Error(`expected ${dir} to be refused`);
}

describe('readRenderedFolder', () => {
  it('reads the files kustomization.yaml lists, in its order, each object with its file and line', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    const read = readRenderedFolder(dir);
    expect(read.map(({ object, file, line }) => [`${object.kind}/${object.metadata.name}`, file, line])).toEqual([
      // Line 3: after the generated header and the source comment.
      ['GitRepository/dask-dev', join(dir, 'gitrepository-dask-dev.yaml'), 3],
      ['Kustomization/dask-dev', join(dir, 'kustomization-dask-dev.yaml'), 3],
    ]);
    expect(read[1].object.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
  });

  it('reads every rendered folder, the workload and the access binding included', () => {
    const dist = renderedDist();
    expect(readRenderedFolder(join(dist, 'bootstrap', 'dev')).map((read) => read.object.kind)).toEqual(['ClusterRoleBinding']);
    expect(readRenderedFolder(join(dist, 'dev')).map((read) => read.object.kind)).toEqual(expect.arrayContaining(['Namespace', 'Deployment', 'Service']));
  });

  it('does not read a file the kustomization does not list, as kustomize does not', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    writeFileSync(join(dir, 'notes.yaml'), 'not: an object\n');
    expect(readRenderedFolder(dir)).toHaveLength(2);
  });

  it('reads the documents of a multi-document file and skips empty ones', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    writeFileSync(join(dir, 'gitrepository-dask-dev.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    expect(readRenderedFolder(dir).map(({ object, line }) => [object.metadata.name, line])).toEqual([['a', 2], ['b', 7], ['dask-dev', 3]]);
  });

  it('says to run synth when the folder or its kustomization.yaml is missing', () => {
    const dist = renderedDist();
    const empty = join(dist, 'empty');
    mkdirSync(empty);
    expect(failure(empty)).toEqual([`${join(empty, 'kustomization.yaml')} not found: ${empty} is not a folder synth rendered; render it with \`npm run synth\``]);
    const missing = join(dist, 'gitops', 'staging');
    expect(failure(missing)).toEqual([`${join(missing, 'kustomization.yaml')} not found: ${missing} is not a folder synth rendered; render it with \`npm run synth\``]);
  });

  it('names the line of a listed file that is not there', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    edit(join(dir, 'kustomization.yaml'), '  - kustomization-dask-dev.yaml\n', '  - kustomization-dask-prod.yaml\n');
    expect(failure(dir)).toEqual([
      `${join(dir, 'kustomization.yaml')}:7:5: resources[1]: lists kustomization-dask-prod.yaml, which is not in ${dir}: re-render with \`npm run synth\``,
    ]);
  });

  it('refuses a listed folder', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    mkdirSync(join(dir, 'more'));
    edit(join(dir, 'kustomization.yaml'), '  - kustomization-dask-dev.yaml\n', '  - kustomization-dask-dev.yaml\n  - more\n');
    expect(failure(dir)).toEqual([
      `${join(dir, 'kustomization.yaml')}:8:5: resources[2]: more is a folder: synth lists only files, so this kustomization is not synth's; re-render with \`npm run synth\``,
    ]);
  });

  it('refuses a kustomization field that would change what kustomize builds', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    edit(join(dir, 'kustomization.yaml'), 'resources:', 'namespace: other\nresources:');
    expect(failure(dir)).toEqual([
      `${join(dir, 'kustomization.yaml')}:5:1: namespace: synth writes only resources, and this field changes what kustomize builds: re-render with \`npm run synth\``,
    ]);
  });

  it('refuses a kustomization.yaml that is not kustomize\'s', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    edit(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1', 'apiVersion: kustomize.toolkit.fluxcd.io/v1');
    expect(failure(dir)).toEqual([
      `${join(dir, 'kustomization.yaml')}:3:1: (top level): not a kustomize Kustomization (apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization)`,
    ]);
  });

  it('names file and line of a listed file that is not a Kubernetes object, or not YAML', () => {
    const dir = join(renderedDist(), 'gitops', 'dev');
    writeFileSync(join(dir, 'gitrepository-dask-dev.yaml'), '# a comment\napiVersion: v1\nkind: ConfigMap\n');
    writeFileSync(join(dir, 'kustomization-dask-dev.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    const [notObject, notYaml] = failure(dir);
    expect(notObject).toBe(`${join(dir, 'gitrepository-dask-dev.yaml')}:2:1: (top level): not a Kubernetes object: apiVersion, kind and metadata.name are required`);
    expect(notYaml).toMatch(new RegExp(`^${join(dir, 'kustomization-dask-dev.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: \\(top level\\): not valid YAML: `));
  });
});

describe('parseDocuments', () => {
  it('gives each document with the line its content starts on', () => {
    expect(parseDocuments('# header\na: 1\n---\nb: 2\n')).toEqual({ documents: [{ value: { a: 1 }, line: 2 }, { value: { b: 2 }, line: 4 }], errors: [] });
  });

  it('has no document for an empty or comment-only text', () => {
    expect(parseDocuments('').documents).toEqual([]);
    expect(parseDocuments('# nothing here\n').documents).toEqual([]);
  });

  it('keeps an empty document as null, so validate can report it', () => {
    expect(parseDocuments('a: 1\n---\n---\nb: 2\n---\n').documents.map((document) => document.value)).toEqual([{ a: 1 }, null, { b: 2 }, null]);
  });

  it('leaves a broken document out and locates its errors, in one line each', () => {
    expect(parseDocuments('a: 1\n---\nkind: A\nkind: B\n')).toEqual({
      documents: [{ value: { a: 1 }, line: 1 }],
      errors: [{ line: 4, column: 1, message: 'Map keys must be unique' }],
    });
  });
});
