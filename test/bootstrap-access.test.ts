import { writeFileSync } from 'fs';
import { join } from 'path';
import { UsageError } from '../charts/cli/exit';
import { accessObjects } from '../charts/constructs/cluster-access';
import { renderEnvironments } from '../charts/render';
import { accessStep } from '../bootstrap/steps/access';
import { loadText, problemsOf } from './support/environment-fixtures';
import {
  CLUSTER_SECTION, CONTEXT, harnessesClosedAfterEach, renderDist, renderedObjects, writeContext,
} from './support/bootstrap-fixtures';

const NO_ADMINS = CLUSTER_SECTION.replace(/ {2}admins:.*\n/, '');

describe('accessObjects', () => {
  it('binds cluster-admin to each listed Google account, in the order listed', () => {
    const objects = accessObjects(loadText(CLUSTER_SECTION, 'dev'));
    expect(objects).toHaveLength(1);
    expect(objects[0]).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dask-gitops-dev-cluster-admins', labels: { 'app.kubernetes.io/managed-by': 'dask-gitops' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob@example.com' },
      ],
    });
  });

  it('binds no one when admins is empty, so applying it takes the access away', () => {
    const objects = accessObjects(loadText(NO_ADMINS));
    expect(objects).toHaveLength(1);
    expect(objects[0].subjects).toEqual([]);
  });

  it('takes IAM members: group: becomes a Group subject; user:, serviceAccount: and bare addresses are Users', () => {
    const text = CLUSTER_SECTION.replace('admins: [alice@example.com, bob@example.com]',
      'securityGroup: gke-security-groups@example.com\n  admins: [group:data-platform@example.com, user:carol@example.com, "serviceAccount:ci@demo-project.iam.gserviceaccount.com", dave@example.com]');
    expect(accessObjects(loadText(text, 'dev'))[0].subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'data-platform@example.com' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'carol@example.com' },
      // GKE authenticates a Google service account with its email as the user name.
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'ci@demo-project.iam.gserviceaccount.com' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dave@example.com' },
    ]);
  });

  it('refuses a group admin without cluster.securityGroup, saying why', () => {
    const text = CLUSTER_SECTION.replace('admins: [alice@example.com, bob@example.com]', 'admins: [alice@example.com, group:data-platform@example.com]');
    expect(problemsOf(text)).toEqual([
      'FILE:8:31: cluster.admins[1]: "group:data-platform@example.com" is a Google Group, which GKE passes to RBAC only with Google Groups for RBAC: '
      + 'set cluster.securityGroup to gke-security-groups@YOUR_DOMAIN (a group with this one as a member), or list the members as user: entries',
    ]);
  });

  it('refuses an admin that is not an IAM member, and a security group GKE would not accept', () => {
    const text = CLUSTER_SECTION.replace('admins: [alice@example.com, bob@example.com]', 'securityGroup: admins@example.com\n  admins: [team:alice@example.com]');
    expect(problemsOf(text)).toEqual([
      'FILE:9:12: cluster.admins[0]: "team:alice@example.com" is not allowed: must be an IAM member: user:EMAIL, group:EMAIL, serviceAccount:EMAIL, or a bare EMAIL for a user',
      'FILE:8:18: cluster.securityGroup: "admins@example.com" is not allowed: must be the group GKE requires for Google Groups for RBAC: gke-security-groups@YOUR_DOMAIN',
    ]);
  });

  it('renders nothing without a cluster', () => {
    expect(accessObjects(loadText('namespace: dask-test\n'))).toEqual([]);
  });
});

describe('rendered into dist/bootstrap/<env>/', () => {
  const folderNames = (text: string) => renderEnvironments([loadText(text, 'dev')]).map((folder) => folder.folder);

  it('for every environment with a cluster: section, admins or not', () => {
    expect(folderNames(CLUSTER_SECTION)).toContain('bootstrap/dev');
    const folders = renderEnvironments([loadText(NO_ADMINS, 'dev')]);
    expect(renderedObjects(folders, 'bootstrap/dev')).toEqual([expect.objectContaining({ kind: 'ClusterRoleBinding', subjects: [] })]);
  });

  it('not for an environment without a cluster', () => {
    expect(folderNames('namespace: dask-test\n')).toEqual(['dev']);
  });
});

describe('access step', () => {
  const setUp = harnessesClosedAfterEach(CLUSTER_SECTION);

  it('applies the reviewed objects from dist/bootstrap/<env>/, to the cluster\'s own context', async () => {
    const h = await setUp();
    const folders = renderDist(h.workspace);
    await writeContext(h);
    await accessStep(h.ctx);
    expect(h.kube.applied).toEqual([renderedObjects(folders, 'bootstrap/dev')]);
    // Applied, then the cluster-admin bindings listed, both through the cluster's own context.
    expect(h.kube.targets).toEqual(Array(2).fill({ kubeconfig: h.workspace.kubeconfig, context: CONTEXT }));
    expect(h.out.text).toContain(`server-side applying from ${join(h.workspace.dist, 'bootstrap', 'dev')} (field manager dask-gitops-bootstrap):`);
    expect(h.out.text).toContain('ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for User alice@example.com, User bob@example.com');
    expect(h.out.text).toContain('clusterrolebinding/dask-gitops-dev-cluster-admins serverside-applied');
    // Access talks only to Kubernetes: GKE is never contacted.
    expect(h.server.calls).toEqual([]);
  });

  it('refuses a dist/ that is not what the environment renders now, and only warns in plan mode', async () => {
    const h = await setUp();
    // dist/ rendered from another admin list than the environment file now holds: not yet re-rendered.
    writeFileSync(h.workspace.envFile, CLUSTER_SECTION.replace('bob@example.com', 'carol@example.com'));
    renderDist(h.workspace);
    await writeContext(h);
    await expect(accessStep(h.ctx)).rejects.toThrow(/clusterrolebinding-dask-gitops-dev-cluster-admins\.yaml is not what .*dev\.yaml renders now: run `npm run synth`, review and commit dist\/, then re-run/);
    expect(h.kube.applied).toEqual([]);
    const planned = await setUp(CLUSTER_SECTION, { plan: true });
    writeFileSync(planned.workspace.envFile, CLUSTER_SECTION.replace('bob@example.com', 'carol@example.com'));
    renderDist(planned.workspace);
    await accessStep(planned.ctx);
    expect(planned.out.text).toContain('warning: ');
    expect(planned.out.text).toContain('carol@example.com');
  });

  it('applies the binding with no subjects when admins is empty', async () => {
    const h = await setUp(NO_ADMINS);
    renderDist(h.workspace);
    await writeContext(h);
    await accessStep(h.ctx);
    expect(h.kube.applied).toEqual([[expect.objectContaining({ kind: 'ClusterRoleBinding', subjects: [] })]]);
    expect(h.out.text).toContain('ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for no one (cluster.admins is empty)');
  });

  it('shows the binding and applies nothing in plan mode', async () => {
    const h = await setUp(CLUSTER_SECTION, { plan: true });
    renderDist(h.workspace);
    await accessStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply from ${join(h.workspace.dist, 'bootstrap', 'dev')} (field manager dask-gitops-bootstrap):`);
    expect(h.out.text).toContain('ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for User alice@example.com, User bob@example.com');
    expect(h.kube.applied).toEqual([]);
  });

  it('in plan mode, says the binding is not rendered yet', async () => {
    const h = await setUp(CLUSTER_SECTION, { plan: true });
    await accessStep(h.ctx);
    expect(h.out.text).toContain(`would server-side apply the objects in ${join(h.workspace.dist, 'bootstrap', 'dev')}, which synth has not rendered yet (\`npm run synth\`)`);
  });

  it('says to run synth when dist/bootstrap/<env>/ is missing', async () => {
    const h = await setUp();
    await writeContext(h);
    await expect(accessStep(h.ctx)).rejects.toThrow(new UsageError(
      `${join(h.workspace.dist, 'bootstrap', 'dev')} not found: render it with \`npm run synth\` first (or point --dist at the folder synth renders into)`,
    ));
    expect(h.kube.applied).toEqual([]);
  });

  it('says to run the credentials step when the kubeconfig lacks the context', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await expect(accessStep(h.ctx)).rejects.toThrow(
      `the kubeconfig ${h.workspace.kubeconfig} has no context ${CONTEXT}: run \`npm run bootstrap -- credentials --env dev\` first`,
    );
    expect(h.kube.applied).toEqual([]);
  });

  it('asks first when attached to a terminal', async () => {
    const h = await setUp(CLUSTER_SECTION, { yes: false, answers: ['yes'] });
    renderDist(h.workspace);
    await writeContext(h);
    await accessStep(h.ctx);
    expect(h.prompt.questions).toEqual([`apply 1 object(s) to ${CONTEXT}? [y/N] `]);
    expect(h.kube.applied).toHaveLength(1);
  });
});

describe('access step and cluster-admin bindings it did not render', () => {
  const setUp = harnessesClosedAfterEach(CLUSTER_SECTION);
  const binding = (name: string, subjects: object[], labels: Record<string, string> = {}) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects,
  });
  // What a tutorial-made cluster with Flux holds, besides the environment's own binding.
  const LIVE = [
    binding('cluster-admin-binding', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'former@example.com' }]),
    binding('cluster-admin', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }], { 'kubernetes.io/bootstrapping': 'rbac-defaults' }),
    binding('cluster-reconciler-flux-system', [{ kind: 'ServiceAccount', name: 'kustomize-controller', namespace: 'flux-system' }]),
    binding('dask-gitops-prod-cluster-admins', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'ops@example.com' }], { 'app.kubernetes.io/managed-by': 'dask-gitops' }),
    binding('dask-gitops-dev-cluster-admins', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' }], { 'app.kubernetes.io/managed-by': 'dask-gitops' }),
  ];

  it('reports the tutorial\'s cluster-admin-binding and keeps it unless asked', async () => {
    const h = await setUp();
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.listed.set('clusterrolebindings.rbac.authorization.k8s.io', LIVE as never);
    await accessStep(h.ctx);
    expect(h.out.text).toContain(`found 1 ClusterRoleBinding(s) to cluster-admin that ${h.workspace.envFile} does not declare:\n`
      + '  ClusterRoleBinding cluster-admin-binding: cluster-admin for User former@example.com\n'
      + '  They keep their access: remove them with `npm run bootstrap -- access --env dev --remove-other-admins` (or add their members to cluster.admins).\n');
    expect(h.out.text).toContain('another environment\'s binding, left alone: ClusterRoleBinding dask-gitops-prod-cluster-admins: cluster-admin for User ops@example.com');
    expect(h.out.text).not.toContain('cluster-reconciler-flux-system');
    expect(h.kube.deleted).toEqual([]);
  });

  it('removes only the foreign bindings with --remove-other-admins, after applying its own', async () => {
    const h = await setUp(CLUSTER_SECTION, { removeOtherAdmins: true });
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.listed.set('clusterrolebindings.rbac.authorization.k8s.io', LIVE as never);
    await accessStep(h.ctx);
    expect(h.kube.deleted).toEqual([[LIVE[0]]]);
    expect(h.events).toEqual(['kube:apply', 'kube:delete']);
  });

  it('in plan mode, counts them and a stale live binding as drift, changing nothing', async () => {
    const h = await setUp(CLUSTER_SECTION, { plan: true });
    renderDist(h.workspace);
    await writeContext(h);
    h.kube.listed.set('clusterrolebindings.rbac.authorization.k8s.io', LIVE as never);
    await accessStep(h.ctx);
    expect(h.ctx.drift).toEqual([
      'ClusterRoleBinding dask-gitops-dev-cluster-admins: the cluster has cluster-admin for User alice@example.com, dist/ declares User alice@example.com, User bob@example.com',
      'ClusterRoleBinding cluster-admin-binding gives cluster-admin to User former@example.com, which the environment does not declare',
    ]);
    expect(h.kube.applied).toEqual([]);
    expect(h.kube.deleted).toEqual([]);
  });
});
