import { existsSync, readFileSync } from 'fs';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { clusterStep } from '../bootstrap/steps/cluster';
import { destroyStep } from '../bootstrap/steps/destroy';
import { KubeTarget, ManifestObject } from '../bootstrap/kube-client';
import {
  CLUSTER_NAME, CLUSTER_RESOURCE, CLUSTER_SECTION, CONTEXT, FLUX, Harness, harnessesClosedAfterEach, HarnessOptions, PARENT, renderDist, writeContext,
} from './support/bootstrap-fixtures';

const open = harnessesClosedAfterEach(CLUSTER_SECTION + FLUX);

/** A running cluster (made by the cluster step), Flux installed, the objects rendered. */
async function withCluster(options: HarnessOptions = {}): Promise<Harness> {
  const h = await open(undefined, options);
  renderDist(h.workspace);
  h.kube.installFlux();
  h.server.seedCluster(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
  return h;
}

describe('destroy step', () => {
  it('removes the GitOps objects first, then deletes the cluster and waits for it', async () => {
    const h = await withCluster();
    await writeContext(h);
    await destroyStep(h.ctx);
    const deleteCall = h.events.indexOf('gke:deleteCluster');
    expect(h.events.indexOf('kube:delete')).toBeGreaterThanOrEqual(0);
    expect(h.events.indexOf('kube:delete')).toBeLessThan(deleteCall);
    // The Kustomization goes before its source, so Flux prunes while it still has it.
    expect(h.kube.deleted[0].map((object) => object.kind)).toEqual(['Kustomization', 'GitRepository']);
    expect(h.server.callsTo('deleteCluster')).toEqual([{ name: CLUSTER_RESOURCE }]);
    expect(h.server.clusters.has(CLUSTER_RESOURCE)).toBe(false);
    expect(h.out.text).toContain('DELETE_CLUSTER operation-1-delete-cluster: DONE');
    expect(h.out.text).toContain(`removed context ${CONTEXT}`);
    expect(readFileSync(h.workspace.kubeconfig, 'utf8')).not.toContain(CONTEXT);
  });

  it('in plan mode, shows the order and deletes nothing', async () => {
    const h = await withCluster({ plan: true });
    await destroyStep(h.ctx);
    expect(h.out.text).toContain('would delete, in this order:\n  Kustomization flux-system/dask-dev\n  GitRepository flux-system/dask-dev\n  GKE cluster dask-dev (status RUNNING)');
    expect(h.kube.deleted).toEqual([]);
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
  });

  it('refuses to delete the cluster while the GitOps objects are not rendered', async () => {
    const h = await open();
    h.server.seedCluster(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
    await expect(destroyStep(h.ctx)).rejects.toThrow(UsageError);
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
  });

  it('asks for the cluster name, and deletes nothing on another answer', async () => {
    const h = await withCluster({ yes: false, answers: ['yes'] });
    await expect(destroyStep(h.ctx)).rejects.toThrow(new CommandFailed('cancelled: the answer was not "dask-dev"; nothing was deleted'));
    expect(h.prompt.questions[0]).toMatch(/Type the cluster name \(dask-dev\) to confirm: $/);
    expect(h.kube.deleted).toEqual([]);
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
  });

  it('goes on when the typed name matches', async () => {
    const h = await withCluster({ yes: false, answers: ['dask-dev'] });
    await writeContext(h);
    await destroyStep(h.ctx);
    expect(h.server.clusters.has(CLUSTER_RESOURCE)).toBe(false);
  });

  it('refuses without --yes when nobody can confirm', async () => {
    const h = await withCluster({ yes: false, interactive: false });
    const error = await destroyStep(h.ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
  });

  it('writes the context it needs to reach the cluster', async () => {
    const h = await withCluster();
    await destroyStep(h.ctx);
    expect(h.out.text).toContain(`wrote context ${CONTEXT} to reach the cluster`);
    expect(h.kube.deleted).toHaveLength(1);
  });

  it('keeps the cluster when the GitOps objects cannot be removed', async () => {
    const h = await withCluster();
    await writeContext(h);
    h.kube.delete = async (_objects: readonly ManifestObject[], target: KubeTarget) => {
      throw new CommandFailed(`kubectl delete failed on context ${target.context} (exit 1): timed out waiting for the condition`);
    };
    await expect(destroyStep(h.ctx)).rejects.toThrow('The cluster was NOT deleted. Fix the above and re-run `npm run bootstrap -- destroy --env dev`.');
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
  });

  it('deletes the cluster directly when Flux was never installed', async () => {
    const h = await withCluster();
    h.kube.installed.clear();
    await writeContext(h);
    await destroyStep(h.ctx);
    expect(h.out.text).toContain('Flux is not installed: no GitOps objects to remove');
    expect(h.kube.deleted).toEqual([]);
    expect(h.server.clusters.has(CLUSTER_RESOURCE)).toBe(false);
  });

  it('resumes a delete left running by an interrupted run', async () => {
    const controller = new AbortController();
    const first = await withCluster({ signal: controller.signal, onSleep: () => controller.abort() });
    await writeContext(first);
    await expect(destroyStep(first.ctx)).rejects.toThrow('interrupted: DELETE_CLUSTER operation-1-delete-cluster keeps running in Google Cloud');
    expect(first.server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('STOPPING');

    const again = await open(undefined, { server: first.server });
    await destroyStep(again.ctx);
    expect(again.out.text).toContain('resuming: DELETE_CLUSTER operation-1-delete-cluster');
    expect(first.server.callsTo('deleteCluster')).toHaveLength(1);
    expect(first.server.clusters.has(CLUSTER_RESOURCE)).toBe(false);
  });

  it('has nothing to destroy when the cluster does not exist', async () => {
    const h = await open();
    await destroyStep(h.ctx);
    expect(h.out.text).toContain('cluster dask-dev does not exist: nothing to destroy');
    expect(h.server.callsTo('deleteCluster')).toEqual([]);
    expect(existsSync(h.workspace.kubeconfig)).toBe(false);
  });

  it('destroys what the cluster step created', async () => {
    const h = await open();
    renderDist(h.workspace);
    await clusterStep(h.ctx);
    await destroyStep(h.ctx);
    expect(h.server.clusters.size).toBe(0);
  });
});
