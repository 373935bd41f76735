// dataAccess: per-component ServiceAccounts rendered by synth, and bucket grants to
// their Workload Identity principals made by the access step through the real
// Resource Manager and Cloud Storage client libraries, against loopback stand-ins
// (test/support/projects-server.ts, test/support/storage-server.ts).
import { CommandFailed } from '../charts/cli/exit';
import { renderEnvironments } from '../charts/render';
import { accessStep } from '../bootstrap/steps/access';
import { destroyStep } from '../bootstrap/steps/destroy';
import { loadText, problemsOf } from './support/environment-fixtures';
import {
  CLUSTER_SECTION, dataAccessServers, DataAccessServers, FLUX, harnessesClosedAfterEach, PROJECT_NUMBER, renderDist, renderedObjects, writeContext,
} from './support/bootstrap-fixtures';

const DATA = `dataAccess:
  buckets:
    - {name: team-data, access: read}
    - {name: team-scratch, access: write, components: [worker]}
`;
const VIEWER = 'roles/storage.objectViewer';
const OBJECT_USER = 'roles/storage.objectUser';
const principal = (account: string) => `principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/demo-project.svc.id.goog/subject/ns/dask-test/sa/${account}`;

describe('per-component ServiceAccounts', () => {
  const rendered = (text: string) => renderedObjects(renderEnvironments([loadText(text, 'dev')]), 'dev');
  const podAccount = (objects: Record<string, any>[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)?.spec.template.spec.serviceAccountName;

  it('renders one for the scheduler, the workers and Jupyter, and each pod runs as its own', () => {
    const objects = rendered(`namespace: dask-test\ndask:\n  jupyter: {rbac: false}\n  additional_worker_groups: [{name: gpu}]\n`);
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name).sort()).toEqual(['dask-jupyter', 'dask-scheduler', 'dask-worker']);
    expect(podAccount(objects, 'dask-scheduler')).toBe('dask-scheduler');
    expect(podAccount(objects, 'dask-worker')).toBe('dask-worker');
    expect(podAccount(objects, 'dask-worker-gpu')).toBe('dask-worker');
    // Its own even without rbac: never the namespace's default account.
    expect(podAccount(objects, 'dask-jupyter')).toBe('dask-jupyter');
  });

  it('renders none for an account the values name: that one is the user\'s', () => {
    const objects = rendered(`namespace: dask-test\ndask:\n  scheduler: {serviceAccountName: mine}\n  jupyter: {rbac: false, serviceAccountName: notebooks}\n`);
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['dask-worker']);
    expect(podAccount(objects, 'dask-scheduler')).toBe('mine');
    expect(podAccount(objects, 'dask-jupyter')).toBe('notebooks');
  });
});

describe('dataAccess in the environment file', () => {
  it('needs Workload Identity, and one entry per bucket', () => {
    const text = CLUSTER_SECTION + '  workloadIdentity: false\n' + DATA + '    - {name: team-data, access: write}\n';
    expect(problemsOf(text)).toEqual([
      'FILE:11:3: dataAccess: needs cluster.workloadIdentity: true: without it the pods have no identity of their own to grant the buckets to',
      'FILE:14:14: dataAccess.buckets[2].name: "team-data" is listed twice (also buckets[0]): give each bucket one entry with its widest access',
    ]);
  });

  it('refuses a gs:// URL for a name, and an unknown access', () => {
    expect(problemsOf(CLUSTER_SECTION + 'dataAccess:\n  buckets: [{name: "gs://team-data", access: admin}]\n')).toEqual([
      'FILE:10:20: dataAccess.buckets[0].name: "gs://team-data" is not allowed: must be a Cloud Storage bucket name (no gs://): lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      'FILE:10:46: dataAccess.buckets[0].access: "admin" is not allowed: must be one of read, write',
    ]);
  });
});

describe('bucket grants', () => {
  let servers: DataAccessServers;
  const setUp = harnessesClosedAfterEach(CLUSTER_SECTION + FLUX + DATA);

  beforeEach(async () => {
    servers = await dataAccessServers('team-data', 'team-scratch');
    // Someone else's access, which bootstrap must leave as it is.
    servers.storage.addBucket('team-data', [{ role: VIEWER, members: ['group:analysts@example.com'] }]);
  });

  afterEach(async () => {
    await servers.storage.stop();
    await servers.projects.stop();
  });

  async function accessRun(options: { plan?: boolean } = {}) {
    const h = await setUp(undefined, { ...options, dataAccess: servers });
    renderDist(h.workspace);
    await writeContext(h);
    await accessStep(h.ctx);
    return h;
  }

  it('plan shows each grant to the pods\' principals, counts it as drift and writes nothing', async () => {
    const h = await accessRun({ plan: true });
    expect(servers.projects.calls).toEqual(['projects/demo-project']);
    expect(h.out.text).toContain(`bucket access for the pods' ServiceAccounts (Workload Identity principals of project number ${PROJECT_NUMBER}):\n`);
    expect(h.out.text).toContain(`  would grant: gs://team-data: ${VIEWER} for ServiceAccount dask-test/dask-worker (${principal('dask-worker')})\n`);
    expect(h.out.text).toContain(`  would grant: gs://team-data: ${VIEWER} for ServiceAccount dask-test/dask-jupyter (${principal('dask-jupyter')})\n`);
    expect(h.out.text).toContain(`  would grant: gs://team-scratch: ${OBJECT_USER} for ServiceAccount dask-test/dask-worker (${principal('dask-worker')})\n`);
    expect(h.out.text).not.toContain('dask-scheduler (');
    expect(h.ctx.drift.filter((line) => line.startsWith('not granted yet: gs://'))).toHaveLength(3);
    expect(servers.storage.writes()).toEqual([]);
    expect(servers.storage.requests.every((request) => request.query.optionsRequestedPolicyVersion === '3')).toBe(true);
  });

  it('grants exactly the declared roles, once, keeping other members', async () => {
    await accessRun();
    expect(servers.storage.membersOf('team-data', VIEWER)).toEqual(['group:analysts@example.com', principal('dask-worker'), principal('dask-jupyter')]);
    expect(servers.storage.membersOf('team-scratch', OBJECT_USER)).toEqual([principal('dask-worker')]);
    expect(servers.storage.membersOf('team-scratch', VIEWER)).toEqual([]);
    expect(servers.storage.writes()).toHaveLength(2);
    // Written with the etag read, so a concurrent change is not overwritten.
    expect(servers.storage.writes().every((write) => typeof write.body?.etag === 'string' && write.body.version === 3)).toBe(true);

    const again = await accessRun();
    expect(servers.storage.writes()).toHaveLength(2);
    expect(again.out.text).toContain('  every declared grant is in place, and no other');
    const planned = await accessRun({ plan: true });
    expect(planned.ctx.drift.filter((line) => line.includes('gs://'))).toEqual([]);
  });

  it('moves a grant when the declared access changes, and drops one no longer declared', async () => {
    await accessRun();
    const h = await setUp(CLUSTER_SECTION + FLUX + DATA.replace('team-data, access: read}', 'team-data, access: write, components: [worker]}'), { dataAccess: servers });
    renderDist(h.workspace);
    await writeContext(h);
    await accessStep(h.ctx);
    expect(servers.storage.membersOf('team-data', VIEWER)).toEqual(['group:analysts@example.com']);
    expect(servers.storage.membersOf('team-data', OBJECT_USER)).toEqual([principal('dask-worker')]);
    expect(h.out.text).toContain(`  removing: gs://team-data: ${VIEWER} for ServiceAccount dask-test/dask-jupyter`);
  });

  it('reads the policy again when someone wrote it between read and write', async () => {
    const h = await setUp(undefined, { dataAccess: servers });
    renderDist(h.workspace);
    await writeContext(h);
    const api = await h.ctx.dataAccess();
    const original = api.setBucketPolicy.bind(api);
    let first = true;
    api.setBucketPolicy = async (bucket, policy) => {
      if (first) servers.storage.touch(bucket);
      first = false;
      return original(bucket, policy);
    };
    await accessStep(h.ctx);
    expect(servers.storage.membersOf('team-data', VIEWER)).toEqual(['group:analysts@example.com', principal('dask-worker'), principal('dask-jupyter')]);
    expect(servers.storage.writes().map((write) => write.bucket)).toEqual(['team-data', 'team-data', 'team-scratch']);
  });

  it('says which permission is missing, and which bucket does not exist', async () => {
    servers.storage.failNext('PUT', 403, 'caller does not have storage.buckets.setIamPolicy access to the Google Cloud Storage bucket.');
    const denied = setUp(undefined, { dataAccess: servers });
    const h = await denied;
    renderDist(h.workspace);
    await writeContext(h);
    await expect(accessStep(h.ctx)).rejects.toThrow(/^permission denied on the IAM policy of gs:\/\/team-data: your account needs storage\.buckets\.setIamPolicy on the bucket; roles\/storage\.admin on gs:\/\/team-data \(or its project\) grants it:\n {4}gcloud storage buckets add-iam-policy-binding gs:\/\/team-data --member=user:YOUR_EMAIL --role=roles\/storage\.admin\n {2}Google said: caller does not have/);

    servers.storage.policies.delete('team-scratch');
    const missing = await setUp(undefined, { dataAccess: servers });
    renderDist(missing.workspace);
    await writeContext(missing);
    await expect(accessStep(missing.ctx)).rejects.toThrow(new CommandFailed('gs://team-scratch does not exist: check dataAccess.buckets in the environment file (names are without gs://).\n  Google said: The specified bucket does not exist.'));
  });

  it('says when the project cannot be read for its number', async () => {
    const h = await setUp(CLUSTER_SECTION.replace('project: demo-project', 'project: other-project') + DATA, { dataAccess: servers, plan: true });
    renderDist(h.workspace);
    await expect(accessStep(h.ctx)).rejects.toThrow(/^cannot read the number of project other-project: the project does not exist, or your account lacks resourcemanager\.projects\.get on it \(roles\/browser grants it\)\. Check cluster\.project\.\n {2}Google said: Permission denied on resource project other-project\.$/);
  });

  it('destroy takes back every grant of the environment\'s accounts, and only those', async () => {
    await accessRun();
    const h = await setUp(undefined, { dataAccess: servers });
    renderDist(h.workspace);
    h.kube.installFlux();
    h.server.seedCluster('projects/demo-project/locations/us-central1-a', { name: 'dask-dev', nodePools: [{ name: 'default-pool', initialNodeCount: 2 }] });
    await destroyStep(h.ctx);
    expect(h.out.text).toContain(`  grant gs://team-data: ${VIEWER} for ServiceAccount dask-test/dask-worker (${principal('dask-worker')})\n`);
    expect(servers.storage.policies.get('team-data')?.bindings).toEqual([{ role: VIEWER, members: ['group:analysts@example.com'] }]);
    expect(servers.storage.policies.get('team-scratch')?.bindings).toEqual([]);
    expect(h.server.clusters.size).toBe(0);
  });
});
