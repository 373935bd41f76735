// What every step is given: the environment, the run's flags, and its
// dependencies, injected so tests can run each step against loopback servers.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ClusterSpec, Environment } from '../charts/config/values';
import { Clock } from './clock';
import { Gke } from './gke';
import type { DataAccessApi } from './data-access-client';
import type { GkeApi } from './gke-client';
import type { Cluster } from './gke-client';
import { accessOf, contextName, mergeContext, targetInKubeconfig } from './kubeconfig';
import { KubeClient, KubeTarget } from './kube-client';
import { WaitOptions } from './operations';
import { Output } from './output';
import { Approver, Prompt } from './prompt';
import { DEFAULT_RETRY, RetryPolicy } from './retry';

export interface Timing {
  /** Between two polls of a GKE operation. */
  readonly pollIntervalMs: number;
  /** How long to wait on one GKE operation before giving up (it keeps running). */
  readonly operationTimeoutMs: number;
  /** How long kubectl waits for deleted GitOps objects (and their finalizers) to go. */
  readonly deleteWaitSeconds: number;
  readonly retry: RetryPolicy;
}

export const DEFAULT_TIMING: Timing = {
  pollIntervalMs: 5_000,
  operationTimeoutMs: 30 * 60_000,
  deleteWaitSeconds: 600,
  retry: DEFAULT_RETRY,
};

export interface Dependencies {
  readonly out: Output;
  readonly prompt: Prompt;
  readonly clock: Clock;
  /** Called once, when a step first needs GKE. */
  readonly connectGke: () => Promise<GkeApi>;
  /** Called once, when a step first needs bucket grants (Resource Manager and Cloud Storage). */
  readonly connectDataAccess: () => Promise<DataAccessApi>;
  readonly kube: KubeClient;
  /** The kubeconfig file read and written. */
  readonly kubeconfig: string;
  /** The folder holding gitops/<env>/ and bootstrap/<env>/ (rendered by synth). */
  readonly distRoot: string;
  readonly timing: Timing;
  /** Aborts operation waits; without it Ctrl-C does, while a wait lasts. */
  readonly signal?: AbortSignal;
  /** Where a program is on PATH, for the checks `all` makes before its first change. @default a PATH search */
  readonly findProgram?: (name: string) => string | undefined;
}

export interface RunFlags {
  /** Make no mutating call; say what would be done. */
  readonly plan: boolean;
  /** Do not ask before mutating. */
  readonly yes: boolean;
  /** Delete cluster-admin bindings the environment did not render. @default false */
  readonly removeOtherAdmins?: boolean;
}

export class StepContext implements Approver {
  /** How the live cluster differs from the environment: what `--plan` exits with EXIT_DRIFT for. */
  public readonly drift: string[] = [];
  private connection?: Promise<GkeApi>;
  private dataConnection?: Promise<DataAccessApi>;
  private scratch?: string;

  constructor(
    readonly env: Environment,
    readonly spec: ClusterSpec,
    readonly deps: Dependencies,
    readonly flags: RunFlags,
  ) {}

  public get out(): Output {
    return this.deps.out;
  }

  public get plan(): boolean {
    return this.flags.plan;
  }

  public get yes(): boolean {
    return this.flags.yes;
  }

  public get prompt(): Prompt {
    return this.deps.prompt;
  }

  /** GKE, connected on first use: steps that only talk to Kubernetes never load the client. */
  public async gke(): Promise<Gke> {
    this.connection ??= this.deps.connectGke();
    const { clock, out, timing, signal } = this.deps;
    return new Gke(await this.connection, { clock, out, retry: timing.retry, signal });
  }

  /** Resource Manager and Cloud Storage, connected on first use. */
  public async dataAccess(): Promise<DataAccessApi> {
    this.dataConnection ??= this.deps.connectDataAccess();
    return this.dataConnection;
  }

  public waitOptions(failureHint?: string): WaitOptions {
    const { out, clock, timing, signal } = this.deps;
    return { out, clock, signal, failureHint, pollIntervalMs: timing.pollIntervalMs, timeoutMs: timing.operationTimeoutMs };
  }

  public get kubeTarget(): KubeTarget {
    return { kubeconfig: this.deps.kubeconfig, context: contextName(this.spec) };
  }

  /** Whether the user's kubeconfig has this cluster's context (read from the file on each call). */
  public kubeconfigHasContext(): boolean {
    return targetInKubeconfig(this.kubeTarget);
  }

  /**
   * A context for reading the live cluster: the user's own if the kubeconfig has it, else
   * one in a temporary kubeconfig (removed on close), so --plan reads without writing theirs.
   */
  public readTarget(cluster: Cluster): KubeTarget {
    return this.kubeconfigHasContext() ? this.kubeTarget : this.scratchTarget(cluster);
  }

  /** The context for `cluster` in a temporary kubeconfig, removed on close. */
  private scratchTarget(cluster: Cluster): KubeTarget {
    const target = this.kubeTarget;
    this.scratch ??= mkdtempSync(join(tmpdir(), 'dask-gitops-kubeconfig-'));
    const file = join(this.scratch, 'config');
    writeFileSync(file, mergeContext(undefined, file, target.context, accessOf(cluster)), { mode: 0o600 });
    return { kubeconfig: file, context: target.context };
  }

  /**
   * The cluster to read from: the user's context when the kubeconfig has it; otherwise, when
   * this run already talks to GKE (`all`), a temporary one for the cluster GKE reports.
   * Undefined when neither: a Kubernetes-only step does not load the GKE client for this.
   */
  public async liveTarget(): Promise<KubeTarget | undefined> {
    if (this.kubeconfigHasContext()) return this.kubeTarget;
    if (!this.connection) return undefined;
    const cluster = await (await this.gke()).findCluster(this.spec);
    return cluster?.endpoint ? this.scratchTarget(cluster) : undefined;
  }

  /** The npm command that runs `step` for this environment, for messages. */
  public command(step: string): string {
    return `npm run bootstrap -- ${step} --env ${this.env.name}`;
  }

  public async close(): Promise<void> {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    if (this.dataConnection) await (await this.dataConnection.catch(() => undefined))?.close();
    if (this.connection) await (await this.connection.catch(() => undefined))?.close();
  }
}
