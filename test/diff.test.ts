import { rmSync } from 'fs';
import { join } from 'path';
import { main } from '../charts/cli/diff';
import { main as synth } from '../charts/cli/synth';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { captured, edit, git, initRepo, scratchProject } from './support/gitops-fixtures';
import { describeWithPrograms } from './support/require-program';

/** A git repository holding the shipped environments and their render, committed. */
async function repository(): Promise<{ root: string; head: string }> {
  const root = await scratchProject('diff');
  initRepo(root, 'Render the shipped environments');
  return { root, head: git(root, 'rev-parse', '--short=7', 'HEAD').trim() };
}

async function diff(root: string, args: string[] = []): Promise<string> {
  const result = await captured(() => main(args, root));
  if (result.error) throw result.error;
  return result.out;
}

/** prod gains a worker group, its workers grow, its Ingress goes. */
function changeProd(root: string): void {
  const prod = join(root, 'environments', 'prod.yaml');
  edit(prod, '    - name: high-mem\n', '    - name: gpu\n      replicas: 1\n    - name: high-mem\n');
  edit(prod, '    replicas: 6\n', '    replicas: 8\n');
  edit(prod, '    ingress:\n      enabled: true\n', '    ingress:\n      enabled: false\n');
}

const INSTALL = 'makes every container start install packages: slow starts, and each pod may get different versions; bake them into an image of your own; or accept it with acknowledge: [install-packages-at-start]';

// prod replaces the base's lists, so only dev inherits the base's values.
const DEV = ' (inherited by environment dev)';

/** The shipped environments' warnings, as the review view lists them (a base's once, naming who inherits it). */
const SHIPPED_WARNINGS = [
  '',
  '## Warnings (6)',
  '',
  'Accepted by synth; acknowledge a hazard by name to silence it, or fix it.',
  '',
  '```',
  `environments/_base.yaml:30:5: dask.jupyter.password: is the chart's default hash, of the password "dask": anyone who reaches Jupyter runs code in the cluster; make a hash of your own password with npm run password; or accept it with acknowledge: [default-jupyter-password]${DEV}`,
  `environments/_base.yaml:25:15: dask.worker.env[0].name: EXTRA_CONDA_PACKAGES ${INSTALL}${DEV}`,
  `environments/_base.yaml:27:15: dask.worker.env[1].name: EXTRA_PIP_PACKAGES ${INSTALL}${DEV}`,
  `environments/_base.yaml:31:15: dask.jupyter.env[0].name: EXTRA_CONDA_PACKAGES ${INSTALL}${DEV}`,
  `environments/_base.yaml:33:15: dask.jupyter.env[1].name: EXTRA_PIP_PACKAGES ${INSTALL}${DEV}`,
  `environments/prod.yaml:53:15: dask.worker.env[0].name: EXTRA_PIP_PACKAGES ${INSTALL}`,
  '```',
  '',
].join('\n');

describeWithPrograms('npm run diff', ['git'], () => {
  test('says so when the render matches the base, and still lists the warnings', async () => {
    const { root } = await repository();
    expect(await diff(root)).toBe(`No changes to rendered manifests.\n${SHIPPED_WARNINGS}`);
  });

  test('ends a diff with the warnings, named from the repository root', async () => {
    const { root } = await repository();
    changeProd(root);
    expect((await diff(root)).endsWith(`\n\`\`\`\n${SHIPPED_WARNINGS}`)).toBe(true);
  });

  test('lists added, removed and changed objects per folder, with a unified diff of each changed one', async () => {
    const { root, head } = await repository();
    changeProd(root);
    const out = await diff(root);
    expect(out.startsWith(`## Rendered manifests: HEAD (${head}) → working tree\n\n2 added, 1 removed, 3 changed, in dist/prod/.\n`)).toBe(true);
    expect(out).toContain([
      '### dist/prod/',
      '',
      '```diff',
      '+ added    Deployment/dask-worker-gpu     deployment-dask-worker-gpu.yaml',
      '~ changed  Deployment/dask-worker         deployment-dask-worker.yaml',
      '- removed  Ingress/dask-jupyter           ingress-dask-jupyter.yaml',
      '~ changed  kustomization.yaml             kustomization.yaml',
      '~ changed  NetworkPolicy/dask-jupyter     networkpolicy-dask-jupyter.yaml',
      '+ added    NetworkPolicy/dask-worker-gpu  networkpolicy-dask-worker-gpu.yaml',
      '```',
    ].join('\n'));
    expect(out).toContain([
      '#### ~ Deployment/dask-worker',
      '',
      '```diff',
      '--- a/dist/prod/deployment-dask-worker.yaml',
      '+++ b/dist/prod/deployment-dask-worker.yaml',
      '@@ -12,7 +12,7 @@',
      '   name: dask-worker',
      '   namespace: dask-prod',
      ' spec:',
      '-  replicas: 6',
      '+  replicas: 8',
      '   selector:',
      '     matchLabels:',
      '       app.kubernetes.io/component: worker',
      '```',
    ].join('\n'));
    // prod's worker replicas come from git: the Application needs no change for the new group.
    expect(out).not.toContain('### dist/gitops/prod/');
  });

  test('compares with any base revision', async () => {
    const { root, head } = await repository();
    changeProd(root);
    const uncommitted = await diff(root);
    await captured(() => synth([], root));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'Grow prod');
    // dist/ as committed now is what the working tree renders...
    expect(await diff(root)).toBe(`No changes to rendered manifests.\n${SHIPPED_WARNINGS}`);
    // ...and against the first commit the change shows exactly as before it was committed.
    expect(await diff(root, ['--base', 'HEAD~1'])).toBe(uncommitted.replace(`HEAD (${head})`, `HEAD~1 (${head})`));
  });

  test('a change to the base shows in every environment it reaches, and in none other', async () => {
    const { root } = await repository();
    // dev inherits the base's package variables; prod replaces the workers' list and removes Jupyter's.
    edit(join(root, 'environments', '_base.yaml'), /value: s3fs dask-ml --upgrade/g, 'value: s3fs dask-ml pandas --upgrade');
    const packages = await diff(root);
    expect(packages).toContain('0 added, 0 removed, 2 changed, in dist/dev/.\n');
    expect(packages).toContain('~ changed  Deployment/dask-jupyter  deployment-dask-jupyter.yaml\n~ changed  Deployment/dask-worker   deployment-dask-worker.yaml\n');
    expect(packages).toContain('+              value: s3fs dask-ml pandas --upgrade\n');
    expect(packages).not.toContain('dist/prod/');
    // Both environments take the repository from the base: both sync folders change.
    edit(join(root, 'environments', '_base.yaml'), 'repoUrl: https://github.com/example-org/dask-gitops', 'repoUrl: https://github.com/example-org/platform');
    const repository_ = await diff(root);
    expect(repository_).toContain('in dist/dev/, dist/gitops/dev/, dist/gitops/prod/.\n');
    expect(repository_).toContain('### dist/gitops/prod/\n\n```diff\n~ changed  Application/dask-prod');
  });

  test('shows a deleted environment as removed folders, with what that does and does not do', async () => {
    const { root } = await repository();
    rmSync(join(root, 'environments', 'dev.yaml'));
    const out = await diff(root);
    expect(out).toContain('### dist/dev/ (folder removed)\n\n> Removing this folder does not delete anything from the cluster');
    expect(out).toContain('(`kubectl delete -k dist/gitops/dev`)');
    expect(out).toContain('- removed  Deployment/dask-worker');
    expect(out).toContain('### dist/gitops/dev/ (folder removed)\n\n```diff\n- removed  GitRepository/dask-dev');
    expect(out.indexOf('### dist/dev/')).toBeLessThan(out.indexOf('### dist/gitops/dev/'));
    // The binding is applied by bootstrap, not a controller: its note says how it goes, not a gitops folder.
    expect(out).toContain('### dist/bootstrap/dev/ (folder removed)\n\n> Removing this folder does not delete the cluster-admin binding from the cluster');
    expect(out).not.toContain('gitops/bootstrap');
    expect(out).not.toContain('dist/prod/');
  });

  test('shows a new environment as added folders', async () => {
    const { root } = await repository();
    git(root, 'mv', 'environments/dev.yaml', 'environments/qa.yaml');
    edit(join(root, 'environments', 'qa.yaml'), 'namespace: dask-dev', 'namespace: dask-qa');
    const out = await diff(root);
    expect(out).toContain('### dist/qa/ (new folder)\n\n```diff\n+ added    ConfigMap/dask-jupyter-config');
    expect(out).toContain('### dist/gitops/qa/ (new folder)');
  });

  test('ignores what is not rendered output: files outside generated folders at the base', async () => {
    const { root } = await repository();
    git(root, 'rm', '-q', '--cached', 'dist/dev/namespace-dask-dev.yaml');
    edit(join(root, 'dist', 'dev', 'kustomization.yaml'), /^# Generated by[^\n]*\n/, '');
    git(root, 'add', 'dist/dev/kustomization.yaml');
    git(root, 'commit', '-q', '-m', 'Break dist/dev by hand');
    // At the base dist/dev/ is no generated folder, so all of the render's dev/ is new.
    const out = await diff(root);
    expect(out).toContain('### dist/dev/ (new folder)');
  });

  test('refuses a base that is not a commit', async () => {
    const { root } = await repository();
    const result = await captured(() => main(['--base', 'no-such-branch'], root));
    expect(result.error).toBeInstanceOf(UsageError);
    expect(result.error?.message).toBe(`'--base' "no-such-branch": no such commit in this repository`);
  });

  test('fails outside a git repository', async () => {
    const root = await scratchProject('diff-nogit');
    const result = await captured(() => main([], root));
    expect(result.error).toBeInstanceOf(CommandFailed);
    expect(result.error?.message).toMatch(/^git rev-parse failed: fatal: not a git repository/);
  });

  test('refuses an unknown option, and --base without a value', async () => {
    const { root } = await repository();
    expect((await captured(() => main(['--head', 'x'], root))).error?.message).toBe("unknown option '--head' (did you mean '--help'?); allowed: --base <git-ref>, --environments <dir>, --help");
    expect((await captured(() => main(['--base'], root))).error?.message).toBe("'--base' needs a value: --base <git-ref> (or --base=<git-ref>)");
  });
});
