import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { parse } from 'yaml';
import { CommandFailed } from '../charts/cli/exit';
import { kubeconfigPath, mergeContext, removeContext } from '../bootstrap/kubeconfig';
import { clusterStep } from '../bootstrap/steps/cluster';
import { credentialsStep, writeCredentials } from '../bootstrap/steps/credentials';
import { CLUSTER_SECTION, CONTEXT, Harness, harnessesClosedAfterEach, HarnessOptions, workspace } from './support/bootstrap-fixtures';

const ACCESS = { server: 'https://203.0.113.10', certificateAuthorityData: 'Q0EgUEVN' };

// A kubeconfig as a user has it: another cluster, comments, extensions bootstrap knows nothing of.
const EXISTING = `# my clusters
apiVersion: v1
kind: Config
clusters:
  - cluster:
      server: https://10.0.0.1   # the lab
      insecure-skip-tls-verify: true
    name: lab
contexts:
  - context: {cluster: lab, user: lab-admin, namespace: research}
    name: lab
current-context: lab
preferences: {}
users:
  - name: lab-admin
    user:
      client-certificate: /home/me/lab.crt
      client-key: /home/me/lab.key
`;

describe('mergeContext', () => {
  it('adds the gcloud-style entries and leaves every other entry as it was', () => {
    const merged = mergeContext(EXISTING, 'config', CONTEXT, ACCESS);
    const before = parse(EXISTING);
    const config = parse(merged);
    expect(config.clusters[0]).toEqual(before.clusters[0]);
    expect(config.contexts[0]).toEqual(before.contexts[0]);
    expect(config.users[0]).toEqual(before.users[0]);
    expect(config.preferences).toEqual({});
    expect(merged).toContain('# my clusters');
    expect(merged).toContain('# the lab');
    expect(config['current-context']).toBe(CONTEXT);
    expect(config.clusters).toContainEqual({ name: CONTEXT, cluster: { server: 'https://203.0.113.10', 'certificate-authority-data': 'Q0EgUEVN' } });
    expect(config.contexts).toContainEqual({ name: CONTEXT, context: { cluster: CONTEXT, user: CONTEXT } });
    const user = config.users.find((entry: { name: string }) => entry.name === CONTEXT).user;
    expect(user).toEqual({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        // The identity bootstrap's GKE calls use (ADC), not a separate `gcloud auth login`.
        args: ['--use_application_default_credentials'],
        command: 'gke-gcloud-auth-plugin',
        installHint: expect.stringContaining('Install gke-gcloud-auth-plugin'),
        provideClusterInfo: true,
      },
    });
    expect(merged).not.toMatch(/token/);
  });

  it('replaces its own entries on a second merge rather than adding more', () => {
    const once = mergeContext(EXISTING, 'config', CONTEXT, ACCESS);
    const twice = mergeContext(once, 'config', CONTEXT, { ...ACCESS, server: 'https://203.0.113.99' });
    const config = parse(twice);
    expect(config.clusters.filter((entry: { name: string }) => entry.name === CONTEXT)).toHaveLength(1);
    expect(config.clusters.find((entry: { name: string }) => entry.name === CONTEXT).cluster.server).toBe('https://203.0.113.99');
    expect(mergeContext(once, 'config', CONTEXT, ACCESS)).toBe(once);
  });

  it('starts a kubeconfig from nothing', () => {
    const config = parse(mergeContext(undefined, 'config', CONTEXT, ACCESS));
    expect(config).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': CONTEXT });
    expect(config.contexts).toHaveLength(1);
  });

  it('refuses a kubeconfig it cannot parse', () => {
    expect(() => mergeContext('clusters: [', '/home/me/.kube/config', CONTEXT, ACCESS))
      .toThrow(new CommandFailed('cannot read the kubeconfig /home/me/.kube/config (Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 12); it was left untouched'));
  });
});

describe('removeContext', () => {
  it('removes only its own entries, and unsets the current context that pointed at them', () => {
    const merged = mergeContext(EXISTING, 'config', CONTEXT, ACCESS);
    const removed = parse(removeContext(merged, 'config', CONTEXT) ?? '');
    expect(removed.clusters.map((entry: { name: string }) => entry.name)).toEqual(['lab']);
    expect(removed.users.map((entry: { name: string }) => entry.name)).toEqual(['lab-admin']);
    expect(removed['current-context']).toBe('');
    expect(removeContext(EXISTING, 'config', CONTEXT)).toBeUndefined();
  });
});

describe('kubeconfigPath', () => {
  it('is the first file of KUBECONFIG, as kubectl writes to it', () => {
    expect(kubeconfigPath({ KUBECONFIG: '/a/config:/b/config' }, '/home/me')).toBe('/a/config');
  });

  it('is ~/.kube/config without KUBECONFIG', () => {
    expect(kubeconfigPath({}, '/home/me')).toBe('/home/me/.kube/config');
  });
});

describe('writeCredentials', () => {
  it('writes atomically: the whole file or nothing, no temporary file left, private mode', async () => {
    const file = workspace(CLUSTER_SECTION).kubeconfig;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, EXISTING, { mode: 0o600 });
    expect(await writeCredentials(file, CONTEXT, ACCESS)).toBe(true);
    expect(readdirSync(dirname(file))).toEqual(['config']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(file, 'utf8'))['current-context']).toBe(CONTEXT);
    expect(await writeCredentials(file, CONTEXT, ACCESS)).toBe(false);
  });
});

describe('credentials step', () => {
  const open = harnessesClosedAfterEach(CLUSTER_SECTION, { serverOptions: { endpoint: '198.51.100.7', caCertificate: 'Q0EgZm9yIHRlc3Rz' } });
  const setUp = (options: HarnessOptions = {}): Promise<Harness> => open(undefined, options);

  it('writes the context for the cluster the cluster step created', async () => {
    const { ctx, out, workspace } = await setUp();
    await clusterStep(ctx);
    await credentialsStep(ctx);
    const config = parse(readFileSync(workspace.kubeconfig, 'utf8'));
    expect(config.clusters).toEqual([{ name: CONTEXT, cluster: { server: 'https://198.51.100.7', 'certificate-authority-data': 'Q0EgZm9yIHRlc3Rz' } }]);
    expect(out.text).toContain(`wrote context ${CONTEXT} (server https://198.51.100.7, credentials from gke-gcloud-auth-plugin) and made it current`);
    await credentialsStep(ctx);
    expect(out.text).toContain(`context ${CONTEXT} is already up to date`);
  });

  it('writes nothing in plan mode', async () => {
    const { ctx, out, workspace } = await setUp({ plan: true });
    await credentialsStep(ctx);
    expect(out.text).toContain(`would write context ${CONTEXT} once the cluster is running`);
    expect(existsSync(workspace.kubeconfig)).toBe(false);
  });

  it('says to run the cluster step first when there is no cluster', async () => {
    const { ctx } = await setUp();
    await expect(credentialsStep(ctx)).rejects.toThrow('cluster dask-dev does not exist: run `npm run bootstrap -- cluster --env dev` first');
  });

  it('leaves a kubeconfig it cannot parse untouched', async () => {
    const { ctx, workspace } = await setUp();
    await clusterStep(ctx);
    mkdirSync(dirname(workspace.kubeconfig), { recursive: true });
    writeFileSync(workspace.kubeconfig, 'clusters: [');
    await expect(credentialsStep(ctx)).rejects.toThrow('it was left untouched');
    expect(readFileSync(workspace.kubeconfig, 'utf8')).toBe('clusters: [');
    expect(existsSync(join(dirname(workspace.kubeconfig), 'config.lock'))).toBe(false);
  });
});
