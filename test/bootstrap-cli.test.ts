// `npm run bootstrap` end to end through main(): a loopback gRPC server stands
// in for GKE (GKE_ENDPOINT), temp files for the kubeconfig (KUBECONFIG), and,
// for the steps that reach Kubernetes, the real kubectl talks to a loopback
// HTTPS server that STANDS IN FOR a Kubernetes API server and records requests.
import { status } from '@grpc/grpc-js';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { delimiter, join } from 'path';
import { parse } from 'yaml';
import { CommandFailed, UsageError } from '../charts/cli/exit';
import { InputError } from '../charts/config/errors';
import { main } from '../bootstrap/cli';
import { Dependencies } from '../bootstrap/context';
import {
  CapturedOutput, CLUSTER_NAME, dataAccessServers, PROJECT_NUMBER, CLUSTER_RESOURCE, CLUSTER_SECTION, CONTEXT, FAST_TIMING, fakeClock, FLUX, PARENT, renderDist, scriptedPrompt, workspace, Workspace,
} from './support/bootstrap-fixtures';
import { GkeServer } from './support/gke-server';
import { KubeApiServer } from './support/kube-api-server';
import { fakeAdcFile, fakeAuthPluginDir, loopbackCertificate } from './support/loopback-tls';
import { describeWithPrograms } from './support/require-program';

const SAVED = ['GKE_ENDPOINT', 'KUBECONFIG', 'PATH', 'KUBECACHEDIR', 'GOOGLE_APPLICATION_CREDENTIALS', 'RESOURCE_MANAGER_ENDPOINT', 'STORAGE_ENDPOINT'].map((name) => [name, process.env[name]] as const);

afterEach(() => {
  for (const [name, value] of SAVED) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

interface Run {
  readonly out: CapturedOutput;
  readonly error: unknown;
}

/** main() as the launcher calls it, with fast time, a captured output and a prompt nobody answers. */
async function run(args: string[], overrides: Partial<Dependencies> = {}): Promise<Run> {
  const out = new CapturedOutput();
  const error = await main(args, {
    out: out.output,
    clock: fakeClock(),
    timing: FAST_TIMING,
    prompt: scriptedPrompt([], false),
    ...overrides,
  }).then(() => undefined, (e: unknown) => e);
  return { out, error };
}

function useWorkspace(ws: Workspace, gke: GkeServer): void {
  process.env.GKE_ENDPOINT = gke.address;
  process.env.KUBECONFIG = ws.kubeconfig;
}

describe('bootstrap command line', () => {
  let gke: GkeServer;
  let ws: Workspace;

  beforeEach(async () => {
    gke = await GkeServer.start();
    ws = workspace(CLUSTER_SECTION + FLUX);
    useWorkspace(ws, gke);
  });

  afterEach(async () => {
    await gke.stop();
  });

  it('--plan changes nothing and shows the machine type', async () => {
    renderDist(ws);
    const { out, error } = await run(['--env', ws.envFile, '--plan', '--dist', ws.dist]);
    // A cluster still to be created is a difference too: exit 3, as for any drift.
    expect(error).toEqual(new CommandFailed(`--plan found 1 difference(s) between the live cluster and ${ws.envFile} (listed above); exit status 3 means drift`, 3));
    expect(out.text).toContain('plan: nothing will be changed');
    expect(out.text).toMatch(/machine type\s+e2-standard-4/);
    expect(out.text).toContain(`would write context ${CONTEXT} once the cluster is running`);
    expect(out.text).toContain('ClusterRoleBinding dask-gitops-dev-cluster-admins: cluster-admin for User alice@example.com, User bob@example.com');
    expect(out.text).toContain('Kustomization flux-system/dask-dev');
    expect(gke.calls.map((call) => call.method).filter((method) => !['getCluster', 'listOperations', 'getServerConfig'].includes(method))).toEqual([]);
    expect(existsSync(ws.kubeconfig)).toBe(false);
  });

  it('cluster creates what the environment declares, once; a second run creates nothing', async () => {
    expect((await run(['cluster', '--env', ws.envFile, '--yes'])).error).toBeUndefined();
    const second = await run(['cluster', '--env', ws.envFile, '--yes']);
    expect(second.error).toBeUndefined();
    expect(gke.callsTo('createCluster')).toHaveLength(1);
    expect(gke.callsTo('createCluster')[0].cluster.nodePools[0].config.machineType).toBe('e2-standard-4');
    expect(second.out.text).toContain('it matches the environment: nothing to do');
  });

  it('survives transient faults', async () => {
    gke.failNext('getCluster', status.UNAVAILABLE, 'connection reset', 2);
    gke.failNext('getOperation', status.DEADLINE_EXCEEDED, 'deadline exceeded');
    const { error } = await run(['cluster', '--env', ws.envFile, '--yes']);
    expect(error).toBeUndefined();
    expect(gke.clusters.get(CLUSTER_RESOURCE)?.status).toBe('RUNNING');
  });

  it('ends a permission error with a clear message and exit code 1', async () => {
    gke.failNext('createCluster', status.PERMISSION_DENIED, 'Required "container.clusters.create" permission(s) for "projects/demo-project".');
    const { error } = await run(['cluster', '--env', ws.envFile, '--yes']);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/^permission denied: createCluster on .* needs the IAM permission container.clusters.create on project demo-project/);
  });

  it('ends a quota error with the operation\'s message and exit code 1', async () => {
    gke.failNextOperation(status.RESOURCE_EXHAUSTED, 'Insufficient regional quota to satisfy request: resource "CPUS".');
    const { error } = await run(['cluster', '--env', ws.envFile, '--yes']);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).exitCode).toBe(1);
    expect((error as Error).message).toContain('failed (RESOURCE_EXHAUSTED): Insufficient regional quota to satisfy request: resource "CPUS".');
  });

  it('says how to get credentials when there are none', async () => {
    gke.failNext('listOperations', status.UNAVAILABLE, 'Getting metadata from plugin failed with error: Could not load the default credentials.');
    const { error } = await run(['cluster', '--env', ws.envFile, '--yes']);
    expect((error as Error).message).toMatch(/^no usable Google credentials: .*Run `gcloud auth application-default login`/);
    expect(gke.callsTo('listOperations')).toHaveLength(1);
  });

  it('refuses to create without --yes when nobody can confirm', async () => {
    const { error } = await run(['cluster', '--env', ws.envFile]);
    expect(error).toBeInstanceOf(UsageError);
    expect(gke.callsTo('createCluster')).toEqual([]);
  });

  it.each([
    ['an unknown location format', 'location: us-central1-a', 'location: central', /cluster\.location: "central" is not allowed: must be a GKE zone/],
    ['a node count below 1', 'nodeCount: 2', 'nodeCount: 0', /cluster\.nodeCount: 0 is not allowed: must be >= 1/],
    ['an unknown release channel', 'nodeCount: 2', 'nodeCount: 2\n  releaseChannel: FAST', /cluster\.releaseChannel: "FAST" is not allowed: must be one of RAPID, REGULAR, STABLE, EXTENDED/],
  ])('refuses %s before any call, naming the file and field', async (_what, from, to, message) => {
    const bad = workspace(CLUSTER_SECTION.replace(from, to));
    const { error } = await run(['cluster', '--env', bad.envFile, '--yes']);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(bad.envFile);
    expect((error as Error).message).toMatch(message);
    expect(gke.calls).toEqual([]);
  });

  it('refuses an environment without a cluster: section', async () => {
    const bare = workspace('namespace: dask-test\n');
    const { error } = await run(['--env', bare.envFile]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${bare.envFile}: cluster: missing: bootstrap needs a cluster: section (at least project, location and name)`);
  });

  it.each([
    [['cluster'], "'--env' is required: the environment's name, such as --env dev for environments/dev.yaml (or .yml), or a path to its file"],
    [['clustr', '--env', 'dev'], "unknown step 'clustr' (did you mean 'cluster'?): steps are all, cluster, credentials, access, sync, destroy"],
    [['cluster', '--env', 'dev', '--force'], "unknown option '--force'; allowed: --env <name>, --plan, --yes, --remove-other-admins, --dist <dir>, --timeout <duration>, --help"],
    [['cluster', 'sync', '--env', 'dev'], "one step at a time: got 'cluster' and 'sync'"],
    [['--env', 'dev', '--timeout', 'soon'], "'--timeout' \"soon\" is not a duration such as 45m or 1h30m"],
  ])('refuses the command line %j', async (args, message) => {
    const { error } = await run(args);
    expect(error).toEqual(new UsageError(message));
  });

  it('lists the environments it knows when the name is not one', async () => {
    const { error } = await run(['--env', 'nosuch']);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^'--env' "nosuch": no such environment; available: /);
  });

  it('prints usage on --help', async () => {
    const { out, error } = await run(['--help']);
    expect(error).toBeUndefined();
    expect(out.text).toContain('usage: npm run bootstrap -- [step] --env <name> [--plan] [--yes]');
  });
});

describeWithPrograms('bootstrap all and destroy, with kubectl', ['kubectl', 'openssl'], () => {
  let gke: GkeServer;
  let api: KubeApiServer;
  let ws: Workspace;
  let events: string[];

  beforeEach(async () => {
    events = [];
    const tls = loopbackCertificate();
    api = await KubeApiServer.start(tls, events);
    // The cluster's nodes appear in the API stand-in when GKE reports it RUNNING.
    gke = await GkeServer.start({ endpoint: api.address, caCertificate: tls.caBase64, events, onRunning: (nodes) => nodes.forEach((node) => api.seed(node)) });
    ws = workspace(CLUSTER_SECTION + FLUX);
    renderDist(ws);
    useWorkspace(ws, gke);
    // kubectl finds the stand-in auth plugin first, and keeps its discovery cache in the workspace.
    process.env.PATH = `${fakeAuthPluginDir()}${delimiter}${process.env.PATH ?? ''}`;
    process.env.KUBECACHEDIR = join(ws.root, 'kube-cache');
    // A team member logged in with ADC only: kubectl must use the same identity as the GKE calls.
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fakeAdcFile();
  });

  afterEach(async () => {
    await gke.stop();
    await api.stop();
  });

  it('all: creates the cluster, writes credentials, applies access and the GitOps objects', async () => {
    api.installFlux();
    const { out, error } = await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeUndefined();
    expect(gke.callsTo('createCluster')).toHaveLength(1);
    const config = parse(readFileSync(ws.kubeconfig, 'utf8'));
    expect(config['current-context']).toBe(CONTEXT);
    expect(config.clusters[0].cluster.server).toBe(`https://${api.address}`);
    expect(api.mutations().map((request) => `${request.method} ${request.path}`)).toEqual([
      'PATCH /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/dask-gitops-dev-cluster-admins',
      'PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/dask-dev',
      'PATCH /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev',
    ]);
    expect(out.text).toContain('gitrepository.source.toolkit.fluxcd.io/dask-dev serverside-applied');

    // Again: nothing new is created; apply is idempotent.
    const again = await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(again.error).toBeUndefined();
    expect(gke.callsTo('createCluster')).toHaveLength(1);
  });

  it('--plan exits 0 when the live cluster matches, and 3 with each difference after a resize or another machine type', async () => {
    api.installFlux();
    gke.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100 } }],
    });
    const plan = () => run(['cluster', '--plan', '--env', ws.envFile, '--dist', ws.dist]);
    const matching = await plan();
    expect(matching.error).toBeUndefined();
    expect(matching.out.text).toContain('it matches the environment: would change nothing');
    // Read through a temporary context: --plan never writes the user's kubeconfig.
    expect(api.requests.some((request) => request.path === '/api/v1/nodes')).toBe(true);
    expect(existsSync(ws.kubeconfig)).toBe(false);

    // `gcloud container clusters resize --num-nodes 3`: GKE's NodePool still says initialNodeCount 2.
    api.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gke-dask-dev-default-pool-extra', labels: { 'cloud.google.com/gke-nodepool': 'default-pool', 'topology.kubernetes.io/zone': 'us-central1-a' } } });
    const resized = await plan();
    expect((resized.error as CommandFailed).exitCode).toBe(3);
    expect(resized.out.text).toContain('  - node pool default-pool nodeCount: the cluster has 3 running node(s), the environment declares 2\n');

    const pool = gke.clusters.get(CLUSTER_RESOURCE)?.nodePools[0];
    pool.config.machineType = 'e2-standard-8';
    const changed = await plan();
    expect(changed.error).toEqual(new CommandFailed(`--plan found 2 difference(s) between the live cluster and ${ws.envFile} (listed above); exit status 3 means drift`, 3));
    expect(changed.out.text).toContain('  - node pool default-pool machineType: the cluster has e2-standard-8, the environment declares e2-standard-4\n');
    expect(api.mutations()).toEqual([]);
  });

  it('all checks dist/ and the tools before its first change', async () => {
    api.installFlux();
    writeFileSync(ws.envFile, readFileSync(ws.envFile, 'utf8').replace('bob@example.com', 'carol@example.com'));
    process.env.PATH = process.env.PATH?.split(delimiter).filter((dir) => !existsSync(join(dir, 'gke-gcloud-auth-plugin'))).join(delimiter);
    const { error } = await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toMatch(/^nothing was changed; fix these first:\n {2}- .*clusterrolebinding-dask-gitops-dev-cluster-admins\.yaml is not what .*dev\.yaml renders now: run `npm run synth`/);
    expect(message).toContain('  - gke-gcloud-auth-plugin is not on PATH: install it with gcloud components install gke-gcloud-auth-plugin');
    expect(gke.calls.filter((call) => call.method === 'createCluster')).toEqual([]);
    expect(api.mutations()).toEqual([]);
  });

  it('a team with ADC only, a Google Group as admins and a private bucket runs all, and --plan then finds no drift', async () => {
    api.installFlux();
    const team = workspace(CLUSTER_SECTION.replace('admins: [alice@example.com, bob@example.com]',
      'securityGroup: gke-security-groups@example.com\n  admins: [group:data-platform@example.com]') + FLUX + 'dataAccess: {buckets: [{name: team-data, access: read}]}\n');
    renderDist(team);
    useWorkspace(team, gke);
    const servers = await dataAccessServers('team-data');
    process.env.STORAGE_ENDPOINT = servers.storage.url;
    process.env.RESOURCE_MANAGER_ENDPOINT = servers.projects.address;
    try {
      const all = await run(['all', '--env', team.envFile, '--dist', team.dist, '--yes']);
      expect(all.error).toBeUndefined();
      expect(gke.callsTo('createCluster')[0].cluster.authenticatorGroupsConfig).toEqual({ enabled: true, securityGroup: 'gke-security-groups@example.com' });
      const binding = api.objects.get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/dask-gitops-dev-cluster-admins');
      expect(binding?.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'data-platform@example.com' }]);
      expect(servers.storage.membersOf('team-data', 'roles/storage.objectViewer')).toEqual([
        `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/demo-project.svc.id.goog/subject/ns/dask-test/sa/dask-worker`,
        `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/demo-project.svc.id.goog/subject/ns/dask-test/sa/dask-jupyter`,
      ]);

      const plan = await run(['--plan', '--env', team.envFile, '--dist', team.dist]);
      expect(plan.error).toBeUndefined();
      expect(plan.out.text).toContain('every declared grant is in place, and no other');
    } finally {
      await servers.storage.stop();
      await servers.projects.stop();
    }
  });

  it('all on a cluster it reaches stops before any change when Flux is missing, with the install command', async () => {
    gke.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100 } }],
    });
    expect((await run(['credentials', '--env', ws.envFile, '--yes'])).error).toBeUndefined();
    const { error } = await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^nothing was changed; fix these first:\\n {2}- Flux is not installed in ${CONTEXT}: missing `));
    expect((error as Error).message).toContain(`  flux install --version=v2.9.0 --context=${CONTEXT}`);
    expect(api.mutations()).toEqual([]);
  });

  it('sync stops with the install command when Flux is missing', async () => {
    const { out, error } = await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as Error).message).toContain(`Flux is not installed in ${CONTEXT}`);
    expect((error as Error).message).toContain(`  flux install --version=v2.9.0 --context=${CONTEXT}`);
    expect(out.text).toContain('clusterrolebinding.rbac.authorization.k8s.io/dask-gitops-dev-cluster-admins serverside-applied');
    expect(api.mutations()).toHaveLength(1);
  });

  it('sync --plan, sync and destroy work on dist/ as synth renders it, kustomization.yaml included', async () => {
    const gitops = join(ws.dist, 'gitops', 'dev');
    // The file that used to stop sync and destroy with "not a Kubernetes object".
    expect(parse(readFileSync(join(gitops, 'kustomization.yaml'), 'utf8'))).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
    api.installFlux();
    gke.seedCluster(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });

    const plan = await run(['sync', '--plan', '--env', ws.envFile, '--dist', ws.dist]);
    expect(plan.error).toBeUndefined();
    expect(plan.out.text).toContain(`would server-side apply from ${gitops} (field manager dask-gitops-bootstrap), for flux v2.9.0:\n`
      + '  GitRepository flux-system/dask-dev\n  Kustomization flux-system/dask-dev\n'
      + 'would first check that the cluster runs Kubernetes 1.34.1 or later (flux v2.9.0) and that no Helm release owns objects in dask-test\n');
    expect(api.requests).toEqual([]);

    expect((await run(['credentials', '--env', ws.envFile, '--yes'])).error).toBeUndefined();
    expect((await run(['sync', '--env', ws.envFile, '--dist', ws.dist, '--yes'])).error).toBeUndefined();
    expect(api.mutations().map((request) => `${request.method} ${request.path}`)).toEqual([
      'PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/dask-dev',
      'PATCH /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev',
    ]);

    events.length = 0;
    const destroy = await run(['destroy', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(destroy.error).toBeUndefined();
    expect(destroy.out.text).toContain('deleting, in this order:\n  Kustomization flux-system/dask-dev\n  GitRepository flux-system/dask-dev\n');
    expect(events.filter((event) => !event.startsWith('gke:get') && !event.startsWith('gke:list'))).toEqual([
      'kube:DELETE /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev',
      'kube:DELETE /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/dask-dev',
      'gke:deleteCluster',
    ]);
    expect(api.objects.has('/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev')).toBe(false);
    expect(gke.clusters.size).toBe(0);
  });

  it('sync --plan and sync read the cluster\'s version and refuse one too old for the pinned Flux', async () => {
    api.installFlux();
    api.kubernetesVersion = 'v1.33.5-gke.1200';
    gke.seedCluster(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
    expect((await run(['credentials', '--env', ws.envFile, '--yes'])).error).toBeUndefined();
    const plan = await run(['sync', '--plan', '--env', ws.envFile, '--dist', ws.dist]);
    // The sync objects are not on the cluster yet: drift.
    expect((plan.error as CommandFailed).exitCode).toBe(3);
    expect(plan.out.text).toContain('  GitRepository flux-system/dask-dev is not on the cluster\n');
    expect(plan.out.text).toContain('the cluster runs Kubernetes v1.33.5-gke.1200; flux v2.9.0 needs 1.34.1 or later\n'
      + 'sync would stop: the cluster runs Kubernetes v1.33.5-gke.1200, older than 1.34.1');
    const { error } = await run(['sync', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as Error).message).toMatch(/^the cluster runs Kubernetes v1\.33\.5-gke\.1200, older than 1\.34\.1, the oldest flux v2\.9\.0 supports/);
    expect(api.requests.some((request) => request.path === '/version')).toBe(true);
    expect(api.mutations()).toEqual([]);
  });

  it('sync refuses a namespace that a live Helm release owns, with the steps to move it', async () => {
    api.installFlux();
    const helm = (release: string) => ({ labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': release }, annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': 'dask-test' } });
    const put = (apiVersion: string, kind: string, name: string, namespace: string, release: string) => api.seed({ apiVersion, kind, metadata: { name, namespace, ...helm(release) } });
    put('apps/v1', 'Deployment', 'dask-scheduler', 'dask-test', 'dask');
    put('v1', 'Service', 'dask-scheduler', 'dask-test', 'dask');
    put('v1', 'ConfigMap', 'dask-old-config', 'dask-test', 'dask');
    put('apps/v1', 'Deployment', 'redis-master', 'dask-test', 'redis');
    put('apps/v1', 'Deployment', 'dask-worker', 'other', 'dask');
    gke.seedCluster(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
    expect((await run(['credentials', '--env', ws.envFile, '--yes'])).error).toBeUndefined();
    const { out, error } = await run(['sync', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeInstanceOf(CommandFailed);
    const k = `kubectl --context=${CONTEXT} --namespace=dask-test`;
    expect((error as Error).message.split('\n').filter((line) => /^ {2}\d\. /.test(line))).toEqual([
      `  1. ${k} delete secret --selector=owner=helm,name=dask`,
      `  2. ${k} delete deployment/dask-scheduler`,
      // The chart's ConfigMap that this environment does not render.
      `  3. ${k} delete configmap/dask-old-config`,
      `  4. ${k} annotate service/dask-scheduler meta.helm.sh/release-name- meta.helm.sh/release-namespace-`,
      `  5. ${k} label service/dask-scheduler app.kubernetes.io/managed-by- helm.sh/chart-`,
      '  6. npm run bootstrap -- sync --env dev',
    ]);
    expect(out.text).toContain('Helm release redis also has objects in dask-test; none is named as an object this environment renders, so Flux leaves them alone');
    expect(api.mutations()).toEqual([]);
  });

  it('destroy removes the sync objects before the cluster', async () => {
    api.installFlux();
    expect((await run(['all', '--env', ws.envFile, '--dist', ws.dist, '--yes'])).error).toBeUndefined();
    events.length = 0;
    const { error } = await run(['destroy', '--env', ws.envFile, '--dist', ws.dist, '--yes']);
    expect(error).toBeUndefined();
    const mutations = events.filter((event) => !event.startsWith('gke:get') && !event.startsWith('gke:list'));
    expect(mutations).toEqual([
      'kube:DELETE /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dask-dev',
      'kube:DELETE /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/dask-dev',
      'gke:deleteCluster',
    ]);
    expect(gke.clusters.size).toBe(0);
    expect(readFileSync(ws.kubeconfig, 'utf8')).not.toContain(CONTEXT);
  });
});
