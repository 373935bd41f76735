import { status } from '@grpc/grpc-js';
import { CommandFailed } from '../charts/cli/exit';
import { clusterStep } from '../bootstrap/steps/cluster';
import {
  CLUSTER_NAME, CLUSTER_RESOURCE, CLUSTER_SECTION, harnessesClosedAfterEach, PARENT, WORKER_POOL,
} from './support/bootstrap-fixtures';

const setUp = harnessesClosedAfterEach(CLUSTER_SECTION);

describe('cluster step, plan mode', () => {
  it('shows what it would create and makes no mutating call', async () => {
    const { ctx, server, out } = await setUp(CLUSTER_SECTION, { plan: true });
    await clusterStep(ctx);
    expect(server.calls.map((call) => call.method)).toEqual(['listOperations', 'getCluster', 'getServerConfig']);
    expect(out.text).toContain('the cluster does not exist: would create it with');
    expect(out.text).toMatch(/machine type\s+e2-standard-4/);
    expect(out.text).toMatch(/node count\s+2 in default-pool/);
    expect(out.text).toMatch(/location\s+us-central1-a \(zone\)/);
    expect(out.text).toMatch(/release channel\s+REGULAR/);
    expect(out.text).toContain('  version           1.33.5-gke.1080 (the REGULAR channel\'s default; the REGULAR channel upgrades it after creation)');
    expect(server.clusters.size).toBe(0);
  });

  it('says which version latest, a minor or a full version becomes, from the versions GKE lists for the channel', async () => {
    const cases: [string, string][] = [
      ['latest', '1.33.5-gke.1162 (latest: the newest the REGULAR channel offers in us-central1-a now;'],
      ['"1.32"', '1.32.10-gke.1000 (the newest 1.32 the REGULAR channel offers;'],
      ['1.32.9-gke.1010', '1.32.9-gke.1010 (the newest 1.32.9-gke.1010 the REGULAR channel offers;'],
    ];
    for (const [version, shown] of cases) {
      const { ctx, server, out } = await setUp(CLUSTER_SECTION + `  version: ${version}\n`, { plan: true });
      await clusterStep(ctx);
      expect(out.text).toContain(`  version           ${shown}`);
      expect(server.callsTo('getServerConfig')).toEqual([expect.objectContaining({ name: PARENT })]);
    }
  });

  it('refuses a version the channel does not offer, listing what it does', async () => {
    const { ctx, server } = await setUp(CLUSTER_SECTION + '  releaseChannel: STABLE\n  version: "1.34"\n', { plan: true });
    await expect(clusterStep(ctx)).rejects.toThrow(new CommandFailed(
      'cluster.version 1.34 is not offered by the STABLE release channel in us-central1-a; it offers 1.32.9-gke.1010, 1.31.13-gke.1000. '
      + 'Choose one of those (or latest), or another releaseChannel.', 2,
    ));
    expect(server.callsTo('createCluster')).toEqual([]);
  });

  it('says nodes are per zone for a regional cluster', async () => {
    const { ctx, out } = await setUp(CLUSTER_SECTION.replace('us-central1-a', 'europe-west4'), { plan: true });
    await clusterStep(ctx);
    expect(out.text).toMatch(/location\s+europe-west4 \(region\)/);
    expect(out.text).toContain('2 per zone');
  });
});

describe('cluster step, create', () => {
  it('creates exactly what the environment declares, and waits with visible progress', async () => {
    const { ctx, server, out, clock } = await setUp();
    await clusterStep(ctx);

    const creates = server.callsTo('createCluster');
    expect(creates).toHaveLength(1);
    expect(creates[0].parent).toBe(PARENT);
    const cluster = creates[0].cluster;
    expect(cluster.name).toBe(CLUSTER_NAME);
    expect(cluster.releaseChannel).toEqual({ channel: 'REGULAR' });
    // No version declared: GKE picks the channel's default.
    expect(cluster.initialClusterVersion).toBeUndefined();
    expect(cluster.workloadIdentityConfig).toEqual({ workloadPool: 'demo-project.svc.id.goog' });
    expect(cluster.nodePools).toHaveLength(1);
    expect(cluster.nodePools[0]).toMatchObject({
      name: 'default-pool',
      initialNodeCount: 2,
      config: { machineType: 'e2-standard-4', diskSizeGb: 100, workloadMetadataConfig: { mode: 'GKE_METADATA' } },
      management: { autoRepair: true, autoUpgrade: true },
    });
    expect(cluster.initialNodeCount).toBeUndefined();

    // PROVISIONING -> RUNNING over three polls, each shown with elapsed time and progress.
    expect(server.callsTo('getOperation')).toHaveLength(3);
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(out.text).toContain('[0s] CREATE_CLUSTER operation-1-create-cluster: RUNNING, stage CLUSTER_CONFIGURING (1 of 3)');
    expect(out.text).toContain('[5s] CREATE_CLUSTER operation-1-create-cluster: RUNNING, stage CLUSTER_DEPLOYING (2 of 3), NODES_DONE=1, NODES_TOTAL=2');
    expect(out.text).toContain('[15s] CREATE_CLUSTER operation-1-create-cluster: DONE');
    expect(out.text).toContain('created: status RUNNING');
    expect(server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('RUNNING');
  });

  it('asks GKE for the declared version, latest included, as gcloud --cluster-version does', async () => {
    const { ctx, server } = await setUp(CLUSTER_SECTION + '  version: latest\n');
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')[0].cluster.initialClusterVersion).toBe('latest');
  });

  it('turns on Google Groups for RBAC with cluster.securityGroup, and compares it on an existing cluster', async () => {
    const text = CLUSTER_SECTION.replace('admins: [alice@example.com, bob@example.com]', 'securityGroup: gke-security-groups@example.com\n  admins: [group:data-platform@example.com]');
    const { ctx, server, out } = await setUp(text);
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')[0].cluster.authenticatorGroupsConfig).toEqual({ enabled: true, securityGroup: 'gke-security-groups@example.com' });
    expect(out.text).toMatch(/google groups\s+for RBAC, through gke-security-groups@example\.com/);

    // A cluster made without it: group subjects would match no one.
    const existing = await setUp(text);
    existing.server.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100 } }],
    });
    await clusterStep(existing.ctx);
    expect(existing.ctx.drift).toEqual(['securityGroup (Google Groups for RBAC): the cluster has (unset), the environment declares gke-security-groups@example.com']);
  });

  it('adds an autoscaled spot worker pool when the environment asks for one', async () => {
    const { ctx, server } = await setUp(CLUSTER_SECTION + WORKER_POOL);
    await clusterStep(ctx);
    const pools = server.callsTo('createCluster')[0].cluster.nodePools;
    expect(pools.map((pool: { name: string }) => pool.name)).toEqual(['default-pool', 'dask-workers']);
    expect(pools[1]).toMatchObject({
      autoscaling: { enabled: true, minNodeCount: 0, maxNodeCount: 5 },
      config: { machineType: 'n2-highmem-8', spot: true },
    });
  });

  it('puts every pool on cluster.nodeServiceAccount with only the logging, monitoring and image-pull scopes', async () => {
    const account = 'dask-nodes@demo-project.iam.gserviceaccount.com';
    const { ctx, server, out } = await setUp(`${CLUSTER_SECTION}  nodeServiceAccount: ${account}\n${WORKER_POOL}`);
    await clusterStep(ctx);
    const cluster = server.callsTo('createCluster')[0].cluster;
    for (const pool of cluster.nodePools) {
      expect(pool.config.serviceAccount).toBe(account);
      expect(pool.config.oauthScopes).toEqual([
        'https://www.googleapis.com/auth/devstorage.read_only',
        'https://www.googleapis.com/auth/logging.write',
        'https://www.googleapis.com/auth/monitoring',
      ]);
    }
    expect(out.text).toContain(`node account      ${account} (logging, monitoring and image-pull scopes)`);
    // Created as declared, so a second run finds nothing to report.
    await clusterStep(ctx);
    expect(out.text).toContain('it matches the environment: nothing to do');
  });

  it('without nodeServiceAccount keeps the default account and the cloud-platform scope, and says so', async () => {
    const { ctx, server, out } = await setUp();
    await clusterStep(ctx);
    const pool = server.callsTo('createCluster')[0].cluster.nodePools[0];
    expect(pool.config.serviceAccount).toBeFalsy();
    expect(pool.config.oauthScopes).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
    expect(out.text).toContain('node account      the Compute Engine default service account (cloud-platform scope)');
  });

  it('creates clusters with Dataplane V2, which enforces the NetworkPolicies production renders', async () => {
    const { ctx, server, out } = await setUp();
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')[0].cluster.networkConfig).toMatchObject({ datapathProvider: 'ADVANCED_DATAPATH' });
    expect(out.text).toContain('network policy    enforced (GKE Dataplane V2)');
  });

  it('in production, reports an existing cluster that does not enforce NetworkPolicies', async () => {
    const account = 'dask-nodes@demo-project.iam.gserviceaccount.com';
    const safeWorkload = `dask:\n  worker:\n    resources: {requests: {cpu: 1, memory: 1Gi}}\n  jupyter:\n    password: "argon2:$argon2id$v=19$m=10240,t=10,p=8$8cEl8Xi0TOmLhdbtLAo+BA$FE4Bor2MCmpI36rQuSjHCQ"\n`;
    const { ctx, server, out } = await setUp(`production: true\n${CLUSTER_SECTION}  nodeServiceAccount: ${account}\n${safeWorkload}`);
    server.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100, serviceAccount: account } }],
    });
    await clusterStep(ctx);
    expect(ctx.drift).toEqual(['network policy enforcement: the cluster has off, the environment declares on']);
    expect(out.text).toContain('- network policy enforcement: the cluster has off, the environment declares on');
  });

  it('reports an existing cluster whose nodes run as another account', async () => {
    const account = 'dask-nodes@demo-project.iam.gserviceaccount.com';
    const { ctx, server, out } = await setUp(`${CLUSTER_SECTION}  nodeServiceAccount: ${account}\n`);
    server.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      networkConfig: { datapathProvider: 'ADVANCED_DATAPATH' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100, serviceAccount: 'default' } }],
    });
    await clusterStep(ctx);
    expect(out.text).toContain('it differs from the environment in 1 way(s)');
    expect(out.text).toContain(`- node pool default-pool serviceAccount: the cluster has default, the environment declares ${account}`);
  });

  it('creates nothing on a second run, and says the cluster matches', async () => {
    const { ctx, server, out } = await setUp();
    await clusterStep(ctx);
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')).toHaveLength(1);
    expect(out.text).toContain('the cluster exists: status RUNNING');
    expect(out.text).toContain('it matches the environment: nothing to do');
  });

  it('lists the differences of an existing cluster and changes nothing', async () => {
    const { ctx, server, out } = await setUp(CLUSTER_SECTION + WORKER_POOL);
    server.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'STABLE' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 3, config: { machineType: 'e2-standard-2', diskSizeGb: 100 } }],
    });
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')).toHaveLength(0);
    expect(server.callsTo('deleteCluster')).toHaveLength(0);
    expect(out.text).toContain('it differs from the environment in 4 way(s); bootstrap never changes or re-creates an existing cluster');
    expect(out.text).toContain('- releaseChannel: the cluster has STABLE, the environment declares REGULAR');
    expect(out.text).toContain('- node pool default-pool machineType: the cluster has e2-standard-2, the environment declares e2-standard-4');
    expect(out.text).toContain('- node pool default-pool nodeCount: the cluster has 3 running node(s), the environment declares 2');
    expect(out.text).toContain('- node pool dask-workers: the cluster has no such pool, the environment declares a worker pool');
    expect(ctx.drift).toHaveLength(4);
  });

  it('counts live nodes per zone: a resize shows though GKE keeps the created count', async () => {
    const { ctx, server, out, kube } = await setUp(CLUSTER_SECTION.replace('us-central1-a', 'us-central1'), { serverOptions: { onRunning: () => undefined } });
    server.seedCluster('projects/demo-project/locations/us-central1', {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 2, config: { machineType: 'e2-standard-4', diskSizeGb: 100 } }],
    });
    const node = (zone: string, i: number) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `n-${zone}-${i}`, labels: { 'cloud.google.com/gke-nodepool': 'default-pool', 'topology.kubernetes.io/zone': zone } } });
    kube.listed.set('nodes', [node('us-central1-a', 0), node('us-central1-a', 1), node('us-central1-b', 0), node('us-central1-b', 1), node('us-central1-c', 0)]);
    await clusterStep(ctx);
    expect(out.text).toContain('- node pool default-pool nodeCount: the cluster has us-central1-a: 2, us-central1-b: 2, us-central1-c: 1 running node(s), the environment declares 2');
    expect(ctx.drift).toHaveLength(1);
  });

  it('falls back to the created count, with a warning, when the nodes cannot be listed', async () => {
    const { ctx, server, out, kube } = await setUp();
    server.seedCluster(PARENT, {
      name: CLUSTER_NAME,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: 'demo-project.svc.id.goog' },
      nodePools: [{ name: 'default-pool', initialNodeCount: 3, config: { machineType: 'e2-standard-4', diskSizeGb: 100 } }],
    });
    kube.listFailure = new CommandFailed('kubectl get failed');
    await clusterStep(ctx);
    expect(out.errors).toContain('warning: could not count the cluster\'s nodes, so a resize would not show (comparing the count each pool was created with): kubectl get failed');
    expect(out.text).toContain('- node pool default-pool nodeCount (as created; live nodes not counted): the cluster has 3, the environment declares 2');
  });

  it('resumes a create left running by an interrupted run instead of starting another', async () => {
    const { ctx, server, out } = await setUp();
    const name = server.seedRunningCreate(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')).toHaveLength(0);
    expect(out.text).toContain(`resuming: CREATE_CLUSTER ${name}`);
    expect(server.callsTo('getOperation').map((request) => request.name)).toEqual(Array(3).fill(`${PARENT}/operations/${name}`));
    expect(server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('RUNNING');
  });

  it('in plan mode, says it would wait on a running create', async () => {
    const { ctx, server, out } = await setUp(CLUSTER_SECTION, { plan: true });
    server.seedRunningCreate(PARENT, { name: CLUSTER_NAME, nodePools: [{ name: 'default-pool' }] });
    await clusterStep(ctx);
    expect(out.text).toContain('is running: would wait on it rather than start another');
    expect(server.callsTo('getOperation')).toHaveLength(0);
  });
});

describe('cluster step, faults', () => {
  it('survives transient errors on every kind of call', async () => {
    const { ctx, server, out } = await setUp();
    server.failNext('listOperations', status.UNAVAILABLE, 'connection reset', 2);
    server.failNext('getCluster', status.DEADLINE_EXCEEDED, 'deadline exceeded');
    server.failNext('createCluster', status.UNAVAILABLE, 'try again');
    server.failNext('getOperation', status.UNAVAILABLE, 'try again', 3);
    await clusterStep(ctx);
    expect(server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('RUNNING');
    expect(out.text).toContain('GKE listOperations: UNAVAILABLE (connection reset); retrying in 1s (attempt 2 of 4)');
    expect(out.text).toContain('GKE listOperations: UNAVAILABLE (connection reset); retrying in 2s (attempt 3 of 4)');
  });

  it('waits on the earlier create when a retried create finds the cluster already there', async () => {
    const { ctx, server, out } = await setUp();
    // The first create got through, but its answer was lost: the retry meets ALREADY_EXISTS.
    server.loseNextAnswer('createCluster');
    await clusterStep(ctx);
    expect(server.callsTo('createCluster')).toHaveLength(2);
    expect(server.operations.size).toBe(1);
    expect(out.text).toContain('GKE says the cluster already exists: an earlier request got through');
    expect(server.callsTo('getOperation')).toHaveLength(3);
    expect(server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('RUNNING');
  });

  it('gives up after the bounded number of attempts, saying so', async () => {
    const { ctx, server } = await setUp();
    server.failNext('getCluster', status.UNAVAILABLE, 'no route to host', 10);
    const run = clusterStep(ctx);
    await expect(run).rejects.toThrow(CommandFailed);
    await expect(run).rejects.toThrow(
      `GKE did not answer getCluster for ${CLUSTER_RESOURCE} after 4 attempts (last: UNAVAILABLE: no route to host). Check the network and re-run: every step is safe to run again.`,
    );
    expect(server.callsTo('getCluster')).toHaveLength(4);
  });

  it('names the missing permission and role on PERMISSION_DENIED, and exits 1', async () => {
    const { ctx, server } = await setUp();
    server.failNext('createCluster', status.PERMISSION_DENIED, 'Required "container.clusters.create" permission(s) for "projects/demo-project".');
    const error = await clusterStep(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).exitCode).toBe(1);
    expect((error as Error).message).toBe([
      `permission denied: createCluster on ${CLUSTER_RESOURCE} needs the IAM permission container.clusters.create on project demo-project.`,
      '  Grant your account a role that has it: roles/container.admin covers every bootstrap step (roles/container.clusterAdmin is enough for this call):',
      '    gcloud projects add-iam-policy-binding demo-project --member=user:YOUR_EMAIL --role=roles/container.admin',
      '  Creating nodes also needs roles/iam.serviceAccountUser on the nodes\' service account (the Compute Engine default one unless you chose another).',
      '  GKE said: Required "container.clusters.create" permission(s) for "projects/demo-project".',
    ].join('\n'));
    expect(server.callsTo('createCluster')).toHaveLength(1);
  });

  it('says how to enable the API when it is disabled', async () => {
    const { ctx, server } = await setUp();
    server.failNext('listOperations', status.PERMISSION_DENIED, 'Kubernetes Engine API has not been used in project demo-project before or it is disabled.');
    await expect(clusterStep(ctx)).rejects.toThrow('Enable it with: gcloud services enable container.googleapis.com --project demo-project');
  });

  it('prints the operation\'s message when the create ends in a quota error', async () => {
    const { ctx, server } = await setUp();
    const quota = 'Insufficient regional quota to satisfy request: resource "CPUS": request requires \'8.0\' and is short \'4.0\'.';
    server.failNextOperation(status.RESOURCE_EXHAUSTED, quota);
    const error = await clusterStep(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).exitCode).toBe(1);
    expect((error as Error).message).toBe(
      `CREATE_CLUSTER operation-1-create-cluster failed (RESOURCE_EXHAUSTED): ${quota}\n`
      + '  GKE may keep the failed cluster in the ERROR state: remove it with `npm run bootstrap -- destroy --env dev` before trying again.',
    );
  });

  it('refuses to go on with a cluster left in ERROR, and creates no other', async () => {
    const { ctx, server } = await setUp();
    server.failNextOperation(status.INVALID_ARGUMENT, 'Invalid machine type e2-standard-4 in zone us-central1-a.');
    await expect(clusterStep(ctx)).rejects.toThrow('failed (INVALID_ARGUMENT): Invalid machine type');
    await expect(clusterStep(ctx)).rejects.toThrow(
      'cluster dask-dev is ERROR: Invalid machine type e2-standard-4 in zone us-central1-a. Bootstrap does not repair or re-create it',
    );
    expect(server.callsTo('createCluster')).toHaveLength(1);
  });

  it('leaves the operation running on Ctrl-C and says a re-run resumes it', async () => {
    const controller = new AbortController();
    const { ctx, server } = await setUp(CLUSTER_SECTION, { signal: controller.signal, onSleep: (count) => count === 2 && controller.abort() });
    const error = await clusterStep(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).exitCode).toBe(130);
    expect((error as Error).message).toBe(
      'interrupted: CREATE_CLUSTER operation-1-create-cluster keeps running in Google Cloud. Re-run the same command to resume waiting on it.',
    );
    expect(server.callsTo('deleteCluster')).toHaveLength(0);
    expect(server.clusters.get(CLUSTER_RESOURCE)?.status).toBe('PROVISIONING');
  });

  it('gives up waiting after the timeout, leaving the operation running', async () => {
    const { ctx } = await setUp(CLUSTER_SECTION, { serverOptions: { pollsToFinish: 100 }, timing: { operationTimeoutMs: 20_000 } });
    await expect(clusterStep(ctx)).rejects.toThrow(
      'timed out after 20s waiting for CREATE_CLUSTER operation-1-create-cluster (last status RUNNING). The operation keeps running in Google Cloud: '
      + 're-run the same command to resume waiting on it, or pass a longer --timeout.',
    );
  });

  it('asks before creating when attached to a terminal, and stops on "no"', async () => {
    const { ctx, server, prompt } = await setUp(CLUSTER_SECTION, { yes: false, answers: ['n'] });
    await expect(clusterStep(ctx)).rejects.toThrow('cancelled: did not create GKE cluster dask-dev in demo-project/us-central1-a');
    expect(prompt.questions).toEqual(['create GKE cluster dask-dev in demo-project/us-central1-a? [y/N] ']);
    expect(server.callsTo('createCluster')).toHaveLength(0);
  });

  it('refuses to create without --yes when nobody can answer', async () => {
    const { ctx, server } = await setUp(CLUSTER_SECTION, { yes: false, interactive: false });
    await expect(clusterStep(ctx)).rejects.toThrow(
      'refusing to create GKE cluster dask-dev in demo-project/us-central1-a without --yes: standard input is not a terminal, so nobody can confirm',
    );
    expect(server.callsTo('createCluster')).toHaveLength(0);
  });
});
