import { accessObjects } from '../bootstrap/access';
import { accessStep } from '../bootstrap/steps/access';
import { loadText } from './support/environment-fixtures';
import { CLUSTER_SECTION, CONTEXT, Harness, harness, HarnessOptions, writeContext } from './support/bootstrap-fixtures';

describe('accessObjects', () => {
  it('binds cluster-admin to each listed Google account, in the order listed', () => {
    const objects = accessObjects(loadText(CLUSTER_SECTION));
    expect(objects).toHaveLength(1);
    expect(objects[0]).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dask-gitops-cluster-admins', labels: { 'app.kubernetes.io/managed-by': 'dask-gitops' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob@example.com' },
      ],
    });
  });

  it('renders nothing without admins or without a cluster', () => {
    expect(accessObjects(loadText(CLUSTER_SECTION.replace(/ {2}admins:.*\n/, '')))).toEqual([]);
    expect(accessObjects(loadText('namespace: dask-test\n'))).toEqual([]);
  });
});

describe('access step', () => {
  const opened: Harness[] = [];
  async function setUp(text = CLUSTER_SECTION, options: HarnessOptions = {}): Promise<Harness> {
    const h = await harness(text, options);
    opened.push(h);
    return h;
  }
  afterEach(async () => {
    for (const h of opened.splice(0)) await h.server.stop();
  });

  it('applies the same objects accessObjects renders, to the cluster\'s own context', async () => {
    const h = await setUp();
    await writeContext(h);
    await accessStep(h.ctx);
    expect(h.kube.applied).toEqual([accessObjects(h.ctx.env)]);
    expect(h.kube.targets).toEqual([{ kubeconfig: h.workspace.kubeconfig, context: CONTEXT }]);
    expect(h.out.text).toContain('ClusterRoleBinding dask-gitops-cluster-admins: cluster-admin for alice@example.com, bob@example.com');
    expect(h.out.text).toContain('clusterrolebinding/dask-gitops-cluster-admins serverside-applied');
    // Access talks only to Kubernetes: GKE is never contacted.
    expect(h.server.calls).toEqual([]);
  });

  it('shows the binding and applies nothing in plan mode', async () => {
    const h = await setUp(CLUSTER_SECTION, { plan: true });
    await accessStep(h.ctx);
    expect(h.out.text).toContain('would server-side apply (field manager dask-gitops-bootstrap):');
    expect(h.out.text).toContain('ClusterRoleBinding dask-gitops-cluster-admins: cluster-admin for alice@example.com, bob@example.com');
    expect(h.kube.applied).toEqual([]);
  });

  it('says to run the credentials step when the kubeconfig lacks the context', async () => {
    const h = await setUp();
    await expect(accessStep(h.ctx)).rejects.toThrow(
      `the kubeconfig ${h.workspace.kubeconfig} has no context ${CONTEXT}: run \`npm run bootstrap -- credentials --env dev\` first`,
    );
    expect(h.kube.applied).toEqual([]);
  });

  it('asks first when attached to a terminal', async () => {
    const h = await setUp(CLUSTER_SECTION, { yes: false, answers: ['yes'] });
    await writeContext(h);
    await accessStep(h.ctx);
    expect(h.prompt.questions).toEqual([`apply 1 object(s) to ${CONTEXT}? [y/N] `]);
    expect(h.kube.applied).toHaveLength(1);
  });

  it('has nothing to do without admins', async () => {
    const h = await setUp(CLUSTER_SECTION.replace(/ {2}admins:.*\n/, ''));
    await accessStep(h.ctx);
    expect(h.out.text).toContain('cluster.admins is empty');
    expect(h.kube.applied).toEqual([]);
  });
});
