// GKE calls as the steps need them: retried when transient, and failing with a
// message that says what to do (see gke-errors.ts).
import { ClusterSpec } from '../charts/config/values';
import { Clock } from './clock';
import { clusterResourceName, operationResourceName, parentOf } from './cluster-request';
import { explainGkeError, GkeMethod, isCredentialsProblem } from './gke-errors';
import type { Cluster, GkeApi, Operation, ServerConfig } from './gke-client';
import { GrpcCode, grpcCodeName, grpcCodeOf, grpcDetailsOf, isTransient } from './grpc-status';
import { Output, formatElapsed } from './output';
import { RetryPolicy, withRetry } from './retry';

export interface GkeOptions {
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly out: Output;
  readonly signal?: AbortSignal;
}

const UNFINISHED = new Set(['PENDING', 'RUNNING', 'ABORTING']);

export function isFinished(operation: Operation): boolean {
  return !UNFINISHED.has(String(operation.status ?? ''));
}

export class Gke {
  constructor(private readonly api: GkeApi, private readonly options: GkeOptions) {}

  /** The cluster, or undefined when GKE says it does not exist. */
  public async findCluster(spec: ClusterSpec): Promise<Cluster | undefined> {
    const name = clusterResourceName(spec);
    return this.call('getCluster', spec, name, () => this.api.getCluster(name), GrpcCode.NOT_FOUND);
  }

  /** The create operation, or undefined when the cluster already exists (a retried create, or a race). */
  public async createCluster(spec: ClusterSpec, cluster: Cluster): Promise<Operation | undefined> {
    return this.call('createCluster', spec, clusterResourceName(spec), () => this.api.createCluster(parentOf(spec), cluster), GrpcCode.ALREADY_EXISTS);
  }

  /** The delete operation, or undefined when there is no such cluster (any more). */
  public async deleteCluster(spec: ClusterSpec): Promise<Operation | undefined> {
    const name = clusterResourceName(spec);
    return this.call('deleteCluster', spec, name, () => this.api.deleteCluster(name), GrpcCode.NOT_FOUND);
  }

  public async getOperation(spec: ClusterSpec, operation: Operation): Promise<Operation> {
    const name = operationResourceName(spec, operation);
    const found = await this.call('getOperation', spec, name, () => this.api.getOperation(name));
    return found as Operation;
  }

  /** The versions GKE offers in the cluster's location. */
  public async serverConfig(spec: ClusterSpec): Promise<ServerConfig> {
    const parent = parentOf(spec);
    return (await this.call('getServerConfig', spec, parent, () => this.api.getServerConfig(parent))) as ServerConfig;
  }

  /** Operations not yet done whose target is this cluster or one of its node pools, oldest first. */
  public async runningOperations(spec: ClusterSpec): Promise<Operation[]> {
    const parent = parentOf(spec);
    const all = (await this.call('listOperations', spec, parent, () => this.api.listOperations(parent))) ?? [];
    const target = new RegExp(`/clusters/${spec.name}(/|$)`);
    return all
      .filter((operation) => !isFinished(operation) && target.test(operation.targetLink ?? ''))
      .sort((a, b) => String(a.startTime ?? '').localeCompare(String(b.startTime ?? '')));
  }

  /** One call with retries; `tolerated` is a status that means "nothing there" and yields undefined. */
  private async call<T>(method: GkeMethod, spec: ClusterSpec, resource: string, send: () => Promise<T>, tolerated?: number): Promise<T | undefined> {
    const { out, clock, retry, signal } = this.options;
    try {
      return await withRetry(send, {
        policy: retry,
        clock,
        signal,
        isTransient: (error) => isTransient(error) && !isCredentialsProblem(error),
        onRetry: (error, attempt, delayMs) => out.line(
          `  GKE ${method}: ${grpcCodeName(grpcCodeOf(error))} (${grpcDetailsOf(error)}); `
          + `retrying in ${formatElapsed(delayMs)} (attempt ${attempt + 1} of ${retry.attempts})`,
        ),
      });
    } catch (error) {
      if (tolerated !== undefined && grpcCodeOf(error) === tolerated) return undefined;
      throw explainGkeError(error, { method, resource, project: spec.project });
    }
  }
}
