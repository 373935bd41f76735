import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { InputError } from '../charts/config/errors';
import { describeObject } from '../bootstrap/kube-client';
import { syncStep } from '../bootstrap/steps/sync';
import {
  ARGO_CD, CLUSTER_SECTION, CONTEXT, FLUX, harnessesClosedAfterEach, renderDist, renderedObjects, writeContext,
} from './support/bootstrap-fixtures';

const setUp = harnessesClosedAfterEach(CLUSTER_SECTION + FLUX);

describe('sync step', () => {
  it('applies the objects synth rendered into dist/gitops/<env>/ once Flux is installed, and not the kustomization.yaml', async () => {
    const h = await setUp();
    const folders = renderDist(h.workspace);
    expect(existsSync(join(h.workspace.dist, 'gitops', 'dev', 'kustomization.yaml'))).toBe(true);
    await writeContext(h);
    h.kube.installFlux();
    await syncStep(h.ctx);
    expect(h.kube.applied).toEqual([renderedObjects(folders, 'gitops/dev')]);
    expect(h.kube.applied[0].map(describeObject)).toEqual(['GitRepository flux-system/dask-dev', 'Kustomization flux-system/dask-dev']);
    expect(h.kube.applied[0][1].spec).toMatchObject({ path: './dist/dev', sourceRef: { kind: 'GitRepository', name: 'dask-dev' } });
    expect(h.kube.targets[0].context).toBe(CONTEXT);
    expect(h.out.text).toContain('  GitRepository flux-system/dask-dev\n  Kustomization flux-system/dask-dev\n');
    expect(h.out.text).toContain('Flux now deploys https://github.com/example/dask-gitops (main) every 5m.');
    expect(h.server.calls).toEqual([]);
  });

  it('stops with the exact install command when Flux is not installed', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as Error).message).toBe([
      `Flux is not installed in ${CONTEXT}: missing the GitRepository CRD (gitrepositories.source.toolkit.fluxcd.io); `
      + 'the controller deployments flux-system/source-controller; the Kustomization CRD (kustomizations.kustomize.toolkit.fluxcd.io); '
      + 'the controller deployments flux-system/kustomize-controller.',
      'Install it, then re-run `npm run bootstrap -- sync --env dev`:',
      `  flux install --context=${CONTEXT}`,
      `  # or, without the Flux CLI: kubectl --context=${CONTEXT} apply --server-side -f https://github.com/fluxcd/flux2/releases/latest/download/install.yaml`,
    ].join('\n'));
    expect(h.kube.applied).toEqual([]);
  });

  it('gives the Argo CD install commands for an Argo CD environment', async () => {
    const h = await setUp(CLUSTER_SECTION + ARGO_CD);
    renderDist(h.workspace);
    await writeContext(h);
    await expect(syncStep(h.ctx)).rejects.toThrow(
      `Argo CD is not installed in ${CONTEXT}: missing the Application CRD (applications.argoproj.io); the controller statefulsets argocd/argocd-application-controller.\n`
      + 'Install it, then re-run `npm run bootstrap -- sync --env dev`:\n'
      + `  kubectl --context=${CONTEXT} create namespace argocd\n`
      + `  kubectl --context=${CONTEXT} apply -n argocd --server-side --force-conflicts -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml`,
    );
  });

  it('lists the objects and applies nothing in plan mode', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    renderDist(h.workspace);
    await syncStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply from ${join(h.workspace.dist, 'gitops', 'dev')}`);
    expect(h.out.text).toContain('Kustomization flux-system/dask-dev');
    expect(h.kube.applied).toEqual([]);
  });

  it('refuses GitOps objects that are not what the environment renders now', async () => {
    const h = await setUp();
    writeFileSync(h.workspace.envFile, `${CLUSTER_SECTION + FLUX}  branch: release\n`);
    renderDist(h.workspace);
    h.kube.installFlux();
    await writeContext(h);
    await expect(syncStep(h.ctx)).rejects.toThrow(/gitops\/dev\/gitrepository-dask-dev\.yaml is not what .*dev\.yaml renders now/);
    expect(h.kube.applied).toEqual([]);
  });

  it('in plan mode, says the objects are not rendered yet', async () => {
    const h = await setUp(CLUSTER_SECTION + FLUX, { plan: true });
    await syncStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply the objects in ${join(h.workspace.dist, 'gitops', 'dev')}, which synth has not rendered yet (\`npm run synth\`)`);
  });

  it('says to run synth when the objects are not rendered', async () => {
    const h = await setUp();
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `${join(h.workspace.dist, 'gitops', 'dev')} not found: render it with \`npm run synth\` first (or point --dist at the folder synth renders into)`,
    );
  });

  it('names the file and line of a broken rendered file', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    const file = join(h.workspace.dist, 'gitops', 'dev', 'gitrepository-dask-dev.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: ConfigMap\nkind: Secret\n');
    const error = await syncStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([{ file, path: [], line: 7, column: 1, message: 'not valid YAML: Map keys must be unique' }]);
    expect(h.kube.applied).toEqual([]);
  });

  it('has nothing to sync without a gitops: section', async () => {
    const h = await setUp(CLUSTER_SECTION);
    await syncStep(h.ctx);
    expect(h.out.text).toContain('has no gitops: section: nothing to sync');
  });
});
