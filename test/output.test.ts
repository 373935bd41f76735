import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { generatedFolders, recoverInterruptedWrite, writeRendered } from '../charts/output';
import { GENERATED_HEADER, RenderedFolder } from '../charts/render';

function folder(name: string, body: string): RenderedFolder {
  return {
    folder: name,
    files: new Map([
      ['kustomization.yaml', `${GENERATED_HEADER}\nresources: [a.yaml]\n`],
      ['a.yaml', `${GENERATED_HEADER}\n${body}\n`],
    ]),
  };
}

function tempDist(): string {
  return join(mkdtempSync(join(tmpdir(), 'dask-gitops-out-')), 'dist');
}

describe('writeRendered', () => {
  test('writes each folder and replaces its old content entirely', () => {
    const dist = tempDist();
    mkdirSync(join(dist, 'dev'), { recursive: true });
    writeFileSync(join(dist, 'dev', 'stale-object.yaml'), 'old');
    writeRendered(dist, [folder('dev', 'v: 1')], { prune: false });
    expect(readdirSync(join(dist, 'dev')).sort()).toEqual(['a.yaml', 'kustomization.yaml']);
    expect(readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8')).toContain('v: 1');
  });

  test('leaves other environments alone without prune', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1'), folder('prod', 'v: 1')], { prune: false });
    writeRendered(dist, [folder('dev', 'v: 2')], { prune: false });
    expect(readFileSync(join(dist, 'prod', 'a.yaml'), 'utf8')).toContain('v: 1');
  });

  test('prune removes generated folders that were not rendered, and nothing else', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1'), folder('old', 'v: 1'), folder('gitops/old', 'v: 1')], { prune: false });
    mkdirSync(join(dist, 'notes'));
    writeFileSync(join(dist, 'notes', 'README.md'), 'kept');
    const result = writeRendered(dist, [folder('dev', 'v: 2')], { prune: true });
    expect(result.removed).toEqual(['gitops/old', 'old']);
    expect(readdirSync(dist).sort()).toEqual(['dev', 'notes']);
  });

  test('a failure while staging leaves dist/ exactly as it was', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1')], { prune: false });
    const before = readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8');
    const broken: RenderedFolder = { folder: 'prod', files: new Map([['bad/\0name.yaml', 'x']]) };
    expect(() => writeRendered(dist, [folder('dev', 'v: 2'), broken], { prune: true })).toThrow();
    expect(readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(dist)).toEqual(['dev']);
  });

  test('the next run finishes a swap that a killed run left half done', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1')], { prune: false });
    // As if killed between moving dist/dev to the trash and moving the staged folder in.
    const staging = join(dist, '.synth-staging-999');
    mkdirSync(staging);
    renameSync(join(dist, 'dev'), join(dist, '.synth-trash-999'));
    mkdirSync(join(staging, 'dev'));
    for (const [name, content] of folder('dev', 'v: 2').files) writeFileSync(join(staging, 'dev', name), content);
    recoverInterruptedWrite(dist);
    expect(readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8')).toContain('v: 2');
    expect(readdirSync(dist)).toEqual(['dev']);
  });

  test('generatedFolders finds only folders with the generated kustomization', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1'), folder('gitops/dev', 'v: 1')], { prune: false });
    mkdirSync(join(dist, 'hand'));
    writeFileSync(join(dist, 'hand', 'kustomization.yaml'), 'resources: []\n');
    expect(generatedFolders(dist)).toEqual(['dev', 'gitops/dev']);
    expect(existsSync(join(dist, 'hand'))).toBe(true);
  });
});
