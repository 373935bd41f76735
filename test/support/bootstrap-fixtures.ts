// Fakes and fixtures for the bootstrap tests: environments, a captured output,
// a clock that never really waits, a scripted prompt, and a Kubernetes client
// that records what the steps ask of it.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { loadEnvironment } from '../../charts/config/load-environment';
import { DEFAULT_CONTROLLER_VERSION } from '../../charts/gitops/controller-versions';
import { writeRendered } from '../../charts/output';
import { RenderedFolder, renderEnvironments } from '../../charts/render';
import { Clock, Interrupted } from '../../bootstrap/clock';
import { DEFAULT_TIMING, Dependencies, StepContext, Timing } from '../../bootstrap/context';
import { connectDataAccess, DataAccessApi } from '../../bootstrap/data-access-client';
import { connectGke } from '../../bootstrap/gke-client';
import { KubeClient, KubeRef, KubeTarget, ManifestObject } from '../../bootstrap/kube-client';
import { Output } from '../../bootstrap/output';
import { Prompt } from '../../bootstrap/prompt';
import { writeCredentials } from '../../bootstrap/steps/credentials';
import { GkeServer, GkeServerOptions } from './gke-server';
import { fluxControllerDeployment, KUBERNETES_VERSION } from './kube-api-server';
import { ProjectsServer } from './projects-server';
import { StorageServer } from './storage-server';
import { tempDir } from './temp-dirs';

export const PROJECT = 'demo-project';
export const ZONE = 'us-central1-a';
export const CLUSTER_NAME = 'dask-dev';
export const PARENT = `projects/${PROJECT}/locations/${ZONE}`;
export const CLUSTER_RESOURCE = `${PARENT}/clusters/${CLUSTER_NAME}`;
export const CONTEXT = `gke_${PROJECT}_${ZONE}_${CLUSTER_NAME}`;

export const CLUSTER_SECTION = `namespace: dask-test
cluster:
  project: ${PROJECT}
  location: ${ZONE}
  name: ${CLUSTER_NAME}
  machineType: e2-standard-4
  nodeCount: 2
  admins: [alice@example.com, bob@example.com]
`;

export const WORKER_POOL = `  workerPool:
    name: dask-workers
    machineType: n2-highmem-8
    minNodes: 0
    maxNodes: 5
    spot: true
`;

export const FLUX = `gitops:
  tool: flux
  repoUrl: https://github.com/example/dask-gitops
`;

export const ARGO_CD = `gitops:
  tool: argocd
  repoUrl: https://github.com/example/dask-gitops
`;

/** Fast enough that nothing really waits; long enough that the create polls several times. */
export const FAST_TIMING: Timing = {
  ...DEFAULT_TIMING,
  pollIntervalMs: 5_000,
  operationTimeoutMs: 30 * 60_000,
  deleteWaitSeconds: 30,
  retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 4_000 },
};

/** A temp workspace: environments/<name>.yaml, a dist/ folder and a kubeconfig path. */
export interface Workspace {
  readonly root: string;
  readonly envFile: string;
  readonly dist: string;
  readonly kubeconfig: string;
}

export function workspace(text: string, name = 'dev'): Workspace {
  const root = tempDir('bootstrap-');
  mkdirSync(join(root, 'environments'));
  const envFile = join(root, 'environments', `${name}.yaml`);
  writeFileSync(envFile, text);
  return { root, envFile, dist: join(root, 'dist'), kubeconfig: join(root, 'home', '.kube', 'config') };
}

/** dist/ for the workspace's environment as synth writes it: the real renderer and writer, kustomization.yaml included. */
export function renderDist(ws: Workspace): RenderedFolder[] {
  const folders = renderEnvironments([loadEnvironment(ws.envFile)]);
  writeRendered(ws.dist, folders, { prune: false });
  return folders;
}

/** The objects of one rendered folder (`gitops/dev`), parsed from the renderer's own text rather than read back from disk. */
export function renderedObjects(folders: readonly RenderedFolder[], folder: string): ManifestObject[] {
  const found = folders.find((candidate) => candidate.folder === folder);
  if (!found) throw new Error(`nothing rendered into ${folder}`);
  // The kustomization lists the other files in name order, as the Map holds them.
  return [...found.files].filter(([name]) => name !== 'kustomization.yaml').map(([, text]) => parse(text) as ManifestObject);
}

export class CapturedOutput {
  public readonly stdout: string[] = [];
  public readonly stderr: string[] = [];
  public readonly output = new Output({ write: (text: string) => this.stdout.push(text) }, { write: (text: string) => this.stderr.push(text) });

  public get text(): string {
    return this.stdout.join('');
  }

  public get errors(): string {
    return this.stderr.join('');
  }
}

/** Time moves only when the code sleeps; `onSleep` lets a test act mid-wait (say, press Ctrl-C). */
export function fakeClock(onSleep?: (sleeps: number) => void): Clock & { readonly sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Interrupted();
      sleeps.push(ms);
      now += ms;
      onSleep?.(sleeps.length);
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new Interrupted();
    },
  };
}

export function scriptedPrompt(answers: string[], interactive = true): Prompt & { readonly questions: string[] } {
  const questions: string[] = [];
  return {
    interactive,
    questions,
    ask: async (question) => {
      questions.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${question}`);
      return answer;
    },
  };
}

/** Records applies and deletes; `installed` holds the `resource/namespace/name` keys that exist. */
export class FakeKube implements KubeClient {
  public readonly applied: ManifestObject[][] = [];
  public readonly deleted: ManifestObject[][] = [];
  public readonly targets: KubeTarget[] = [];
  public readonly installed = new Set<string>();
  /** What list() answers, by resource name. */
  public readonly listed = new Map<string, ManifestObject[]>();
  /** When set, list() fails with it, as kubectl does without credentials or a cluster. */
  public listFailure?: Error;
  /** What serverVersion reports: a Kubernetes every pinned controller release supports. */
  public version = KUBERNETES_VERSION;
  /** Objects `listInNamespace` finds, whatever the resources asked for. */
  public readonly namespaceObjects: ManifestObject[] = [];
  public readonly namespaceLists: { resources: readonly string[]; namespace: string }[] = [];

  constructor(private readonly events?: string[]) {}

  public static key(ref: KubeRef): string {
    return `${ref.resource}/${ref.namespace ?? ''}/${ref.name}`;
  }

  /** Objects `get` returns, by key; installFlux puts the controllers here, labelled with their release. */
  public readonly objects = new Map<string, ManifestObject>();

  public installFlux(version = DEFAULT_CONTROLLER_VERSION.flux): this {
    for (const crd of ['gitrepositories.source.toolkit.fluxcd.io', 'kustomizations.kustomize.toolkit.fluxcd.io']) {
      this.installed.add(FakeKube.key({ resource: 'customresourcedefinitions.apiextensions.k8s.io', name: crd }));
    }
    for (const name of ['source-controller', 'kustomize-controller']) {
      const ref = { resource: 'deployments.apps', name, namespace: 'flux-system' };
      this.installed.add(FakeKube.key(ref));
      this.objects.set(FakeKube.key(ref), fluxControllerDeployment(name, version));
    }
    return this;
  }

  public async get(ref: KubeRef): Promise<ManifestObject | undefined> {
    return this.objects.get(FakeKube.key(ref));
  }

  public async apply(objects: readonly ManifestObject[], target: KubeTarget): Promise<string[]> {
    this.applied.push([...objects]);
    this.targets.push(target);
    this.events?.push('kube:apply');
    return objects.map((object) => `${object.kind.toLowerCase()}/${object.metadata.name} serverside-applied`);
  }

  public async delete(objects: readonly ManifestObject[], target: KubeTarget): Promise<string[]> {
    this.deleted.push([...objects]);
    this.targets.push(target);
    this.events?.push('kube:delete');
    return objects.map((object) => `${object.kind.toLowerCase()} "${object.metadata.name}" deleted`);
  }

  public async exists(ref: KubeRef): Promise<boolean> {
    return this.installed.has(FakeKube.key(ref));
  }

  public async list(resource: string, target: KubeTarget, labelSelector?: string, namespace?: string): Promise<ManifestObject[]> {
    this.targets.push(target);
    if (this.listFailure) throw this.listFailure;
    const [key, value] = (labelSelector ?? '').split('=');
    const labelled = (object: ManifestObject) => !key || (key in ((object.metadata.labels ?? {}) as object) && (value === undefined || (object.metadata.labels as Record<string, string>)[key] === value));
    return (this.listed.get(resource) ?? []).filter(labelled).filter((object) => namespace === undefined || object.metadata.namespace === namespace);
  }

  public async listInNamespace(resources: readonly string[], namespace: string): Promise<ManifestObject[]> {
    this.namespaceLists.push({ resources, namespace });
    return this.namespaceObjects.filter((object) => object.metadata.namespace === namespace);
  }

  public async serverVersion(): Promise<string> {
    return this.version;
  }
}

export interface Harness {
  readonly server: GkeServer;
  readonly ctx: StepContext;
  readonly out: CapturedOutput;
  readonly kube: FakeKube;
  readonly clock: ReturnType<typeof fakeClock>;
  readonly prompt: ReturnType<typeof scriptedPrompt>;
  readonly workspace: Workspace;
  readonly events: string[];
}

export interface HarnessOptions {
  readonly plan?: boolean;
  readonly yes?: boolean;
  readonly removeOtherAdmins?: boolean;
  readonly answers?: string[];
  readonly interactive?: boolean;
  readonly server?: GkeServer;
  readonly serverOptions?: GkeServerOptions;
  readonly signal?: AbortSignal;
  readonly onSleep?: (sleeps: number) => void;
  readonly timing?: Partial<Timing>;
  /** Loopback stand-ins for bucket grants; without them a step that needs them fails. */
  readonly dataAccess?: DataAccessServers;
}

export interface DataAccessServers {
  readonly storage: StorageServer;
  readonly projects: ProjectsServer;
}

/** The project number the Resource Manager stand-in gives PROJECT. */
export const PROJECT_NUMBER = '123456789012';

/** Starts the storage and Resource Manager stand-ins; `buckets` exist, with no bindings. */
export async function dataAccessServers(...buckets: string[]): Promise<DataAccessServers> {
  const storage = await StorageServer.start();
  for (const bucket of buckets) storage.addBucket(bucket);
  return { storage, projects: await ProjectsServer.start({ [PROJECT]: PROJECT_NUMBER }) };
}

/** The real client libraries, pointed at the stand-ins. */
function connectToStandIns(servers: DataAccessServers): () => Promise<DataAccessApi> {
  return () => connectDataAccess({ RESOURCE_MANAGER_ENDPOINT: servers.projects.address, STORAGE_ENDPOINT: servers.storage.url });
}

/** Gives the workspace's kubeconfig the cluster's context, as the credentials step would. */
export async function writeContext(h: Harness): Promise<void> {
  await writeCredentials(h.workspace.kubeconfig, CONTEXT, { server: 'https://127.0.0.1:6443', certificateAuthorityData: 'Q0E=' });
}

/** A step context wired to a loopback GKE server and the fakes above. */
export async function harness(text: string, options: HarnessOptions = {}): Promise<Harness> {
  const events: string[] = [];
  const kube = new FakeKube(events);
  // The cluster's nodes, as kubectl would list them once GKE reports it RUNNING.
  const onRunning = (nodes: Record<string, unknown>[]): void => {
    kube.listed.set('nodes', nodes as unknown as ManifestObject[]);
  };
  // The environment first: a file that fails to load then leaves no server running.
  const ws = workspace(text);
  const env = loadEnvironment(ws.envFile);
  if (!env.cluster) throw new Error('the fixture needs a cluster: section');
  const server = options.server ?? await GkeServer.start({ onRunning, ...options.serverOptions, events });
  const out = new CapturedOutput();
  const clock = fakeClock(options.onSleep);
  const prompt = scriptedPrompt(options.answers ?? [], options.interactive ?? true);
  const deps: Dependencies = {
    out: out.output,
    prompt,
    clock,
    connectGke: () => connectGke({ GKE_ENDPOINT: server.address }),
    connectDataAccess: options.dataAccess ? connectToStandIns(options.dataAccess) : async () => { throw new Error('this test set up no data-access stand-ins'); },
    kube,
    kubeconfig: ws.kubeconfig,
    distRoot: ws.dist,
    timing: { ...FAST_TIMING, ...options.timing },
    signal: options.signal,
  };
  const ctx = new StepContext(env, env.cluster, deps, { plan: options.plan ?? false, yes: options.yes ?? true, removeOtherAdmins: options.removeOtherAdmins ?? false });
  return { server, ctx, out, kube, clock, prompt, workspace: ws, events };
}

/**
 * Opens harnesses for one test file or describe block and closes each after its
 * test: `const setUp = harnessesClosedAfterEach(CLUSTER_SECTION + FLUX)`.
 */
export function harnessesClosedAfterEach(defaultText: string, defaultOptions: HarnessOptions = {}): (text?: string, options?: HarnessOptions) => Promise<Harness> {
  const opened: Harness[] = [];
  afterEach(async () => {
    for (const h of opened.splice(0)) {
      await h.ctx.close();
      await h.server.stop();
    }
  });
  return async (text = defaultText, options = {}) => {
    const h = await harness(text, { ...defaultOptions, ...options });
    opened.push(h);
    return h;
  };
}
