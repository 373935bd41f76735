import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'fs';
import { join } from 'path';
import { generatedFolders, recoverInterruptedWrite, writeRendered } from '../charts/output';
import { GENERATED_HEADER, RenderedFolder } from '../charts/render';
import { tempDir } from './support/temp-dirs';

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
  return join(tempDir('dask-gitops-out-'), 'dist');
}

/** The pid of a process that has exited: what a killed synth leaves in its folder names. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

/** Lays out what a run killed after staging `body` for dev/ leaves; `complete` if staging had finished. */
function stageAsKilled(dist: string, pid: number, body: string, complete: boolean): void {
  const staging = join(dist, `.synth-staging-${pid}`);
  mkdirSync(join(staging, 'dev'), { recursive: true });
  for (const [name, content] of folder('dev', body).files) writeFileSync(join(staging, 'dev', name), content);
  if (complete) writeFileSync(join(staging, '.complete'), '');
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

  test('a render dist/ already holds touches nothing: no staging, no swap', () => {
    const dist = tempDist();
    const render = [folder('dev', 'v: 1'), folder('gitops/dev', 'v: 1')];
    writeRendered(dist, render, { prune: true });
    // A staging or trash folder made and removed would change these folders' times.
    const longAgo = new Date('2001-01-01T00:00:00Z');
    for (const dir of [dist, join(dist, 'dev'), join(dist, 'gitops')]) utimesSync(dir, longAgo, longAgo);
    expect(writeRendered(dist, render, { prune: true })).toEqual({ written: [], removed: [] });
    for (const dir of [dist, join(dist, 'dev'), join(dist, 'gitops')]) expect(statSync(dir).mtime).toEqual(longAgo);
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

  test('prune with a list removes only the listed folders that were not rendered, in the same swap', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1'), folder('gitops/dev', 'v: 1'), folder('prod', 'v: 1'), folder('gitops/prod', 'v: 1')], { prune: false });
    const result = writeRendered(dist, [folder('dev', 'v: 2')], { prune: ['dev', 'gitops/dev', 'bootstrap/dev'] });
    expect(result.removed).toEqual(['gitops/dev']);
    expect(generatedFolders(dist)).toEqual(['dev', 'gitops/prod', 'prod']);
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
    const pid = deadPid();
    stageAsKilled(dist, pid, 'v: 2', true);
    renameSync(join(dist, 'dev'), join(dist, `.synth-trash-${pid}`));
    recoverInterruptedWrite(dist);
    expect(readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8')).toContain('v: 2');
    expect(readdirSync(dist)).toEqual(['dev']);
  });

  test('a complete staging is installed whole, replacing folders a killed run had not reached', () => {
    const dist = tempDist();
    writeRendered(dist, [folder('dev', 'v: 1')], { prune: false });
    // Killed after staging was complete, before dev/ was swapped.
    stageAsKilled(dist, deadPid(), 'v: 2', true);
    recoverInterruptedWrite(dist);
    expect(readFileSync(join(dist, 'dev', 'a.yaml'), 'utf8')).toContain('v: 2');
    expect(readdirSync(dist)).toEqual(['dev']);
  });

  test('refuses folders that hold one another, before writing anything', () => {
    const dist = tempDist();
    expect(() => writeRendered(dist, [folder('bootstrap', 'v: 1'), folder('bootstrap/dev', 'v: 1')], { prune: false }))
      .toThrow('rendered folders overlap at dist/bootstrap/: each folder is replaced whole, so none may hold another');
    expect(existsSync(dist)).toBe(false);
  });

  test('staging a killed run never finished is discarded, never installed', () => {
    const dist = tempDist();
    mkdirSync(dist);
    // A new environment's folder, cut short while its files were being written.
    stageAsKilled(dist, deadPid(), 'v: 1', false);
    recoverInterruptedWrite(dist);
    expect(readdirSync(dist)).toEqual([]);
  });

  test('leaves the staging of a synth that is still running alone', () => {
    const dist = tempDist();
    mkdirSync(dist);
    stageAsKilled(dist, process.ppid, 'v: 1', true);
    recoverInterruptedWrite(dist);
    expect(readdirSync(dist)).toEqual([`.synth-staging-${process.ppid}`]);
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
