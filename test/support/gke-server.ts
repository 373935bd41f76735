// A loopback gRPC server implementing the GKE ClusterManager calls bootstrap
// makes, from the .proto files @google-cloud/container ships. It stands in for
// Google: clusters go PROVISIONING -> RUNNING over several operation polls, and
// tests inject faults (transient errors, permission denied, failed operations).
import * as grpc from '@grpc/grpc-js';
import { protoService } from './proto-service';

type Json = Record<string, any>;
type Callback = (error: Partial<grpc.ServiceError> | null, value?: Json) => void;
type Handler = (request: Json) => Json;

export type GkeMethodName = 'getCluster' | 'createCluster' | 'deleteCluster' | 'getOperation' | 'listOperations' | 'getServerConfig';

export interface GkeServerOptions {
  /** GetOperation polls an operation takes before it is DONE. @default 3 */
  readonly pollsToFinish?: number;
  /** What RUNNING clusters report as endpoint (host[:port]) and CA (base64 PEM). */
  readonly endpoint?: string;
  readonly caCertificate?: string;
  /** A log shared with other loopback servers, to assert the order of calls across them. */
  readonly events?: string[];
  /** What GetServerConfig lists per release channel. @default SERVER_CHANNELS */
  readonly channels?: Json[];
  /** Called when a cluster becomes RUNNING, with its Kubernetes Node objects (see nodesOf), so an API stand-in can serve them. */
  readonly onRunning?: (nodes: Json[]) => void;
}

/**
 * The Node objects a RUNNING cluster has: each pool's initialNodeCount per zone (three zones
 * for a region), labelled with pool and zone as GKE labels them.
 */
function nodesOf(cluster: Json): Json[] {
  const location = String(cluster.location ?? '');
  const zones = /-[a-z]$/.test(location) ? [location] : ['a', 'b', 'c'].map((zone) => `${location}-${zone}`);
  return (cluster.nodePools ?? []).flatMap((pool: Json) => zones.flatMap((zone) => Array.from({ length: Number(pool.initialNodeCount ?? 0) }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `gke-${cluster.name}-${pool.name}-${zone}-${i}`, labels: { 'cloud.google.com/gke-nodepool': pool.name, 'topology.kubernetes.io/zone': zone } },
  }))));
}

/** Release channels as GetServerConfig lists them (versions shaped like GKE's, not a real day's list). */
const SERVER_CHANNELS: Json[] = [
  { channel: 'RAPID', defaultVersion: '1.34.1-gke.1100', validVersions: ['1.34.1-gke.1100', '1.33.5-gke.1200'] },
  { channel: 'REGULAR', defaultVersion: '1.33.5-gke.1080', validVersions: ['1.32.9-gke.1010', '1.33.5-gke.1080', '1.33.5-gke.1162', '1.32.10-gke.1000'] },
  { channel: 'STABLE', defaultVersion: '1.32.9-gke.1010', validVersions: ['1.31.13-gke.1000', '1.32.9-gke.1010'] },
]

interface Fault {
  readonly method: GkeMethodName;
  readonly code: grpc.status;
  readonly message: string;
  /** The call takes effect, but its answer is lost on the way back. */
  readonly afterEffect: boolean;
  remaining: number;
}

interface StoredOperation {
  operation: Json;
  polls: number;
  clusterKey: string;
  /** Set when the operation is to end in this error (quota, invalid machine type). */
  failWith?: { code: number; message: string };
}

const STAGES = ['CLUSTER_CONFIGURING', 'CLUSTER_DEPLOYING', 'CLUSTER_HEALTHCHECKING'];

export class GkeServer {
  public static async start(options: GkeServerOptions = {}): Promise<GkeServer> {
    const server = new GkeServer(options);
    const grpcServer = new grpc.Server();
    grpcServer.addService(protoService('@google-cloud/container', 'google/container/v1/cluster_service.proto', 'google.container.v1.ClusterManager'), server.handlers());
    const port = await new Promise<number>((resolve, reject) => {
      grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    server.grpcServer = grpcServer;
    server.address = `127.0.0.1:${port}`;
    return server;
  }

  /** host:port, the value for GKE_ENDPOINT. */
  public address = '';
  /** Every call received, in order, with its request. */
  public readonly calls: { method: GkeMethodName; request: Json }[] = [];
  public readonly clusters = new Map<string, Json>();
  public readonly operations = new Map<string, StoredOperation>();
  private grpcServer?: grpc.Server;
  private readonly faults: Fault[] = [];
  private nextOperationError?: { code: number; message: string };
  private sequence = 0;

  private constructor(private readonly options: GkeServerOptions) {}

  /** The next `times` calls of `method` fail with `code` before touching any state. */
  public failNext(method: GkeMethodName, code: grpc.status, message: string, times = 1): void {
    this.faults.push({ method, code, message, afterEffect: false, remaining: times });
  }

  /** The next call of `method` does its work, but the client gets UNAVAILABLE instead of the answer. */
  public loseNextAnswer(method: GkeMethodName): void {
    this.faults.push({ method, code: grpc.status.UNAVAILABLE, message: 'connection reset after the request was handled', afterEffect: true, remaining: 1 });
  }

  /** The next create operation runs its polls, then ends in this error and leaves the cluster in ERROR, as GKE does. */
  public failNextOperation(code: number, message: string): void {
    this.nextOperationError = { code, message };
  }

  /** A create already running, as left by an interrupted earlier run. Returns the operation's short name. */
  public seedRunningCreate(parent: string, cluster: Json): string {
    return this.startCreate(parent, cluster).name;
  }

  /** A cluster that already exists and is RUNNING. */
  public seedCluster(parent: string, cluster: Json): void {
    const key = `${parent}/clusters/${cluster.name}`;
    const running = { ...cluster, ...this.runningFields(parent), status: 'RUNNING' };
    this.clusters.set(key, running);
    this.options.onRunning?.(nodesOf(running));
  }

  public callsTo(method: GkeMethodName): Json[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.request);
  }

  public async stop(): Promise<void> {
    this.grpcServer?.forceShutdown();
  }

  private handlers(): Record<string, (call: { request: Json }, callback: Callback) => void> {
    const unary = (method: GkeMethodName, handler: Handler) => (call: { request: Json }, callback: Callback): void => {
      this.calls.push({ method, request: call.request });
      this.options.events?.push(`gke:${method}`);
      const fault = this.faults.find((candidate) => candidate.method === method && candidate.remaining > 0);
      if (fault) fault.remaining--;
      if (fault && !fault.afterEffect) {
        callback({ code: fault.code, details: fault.message });
        return;
      }
      try {
        const answer = handler(call.request);
        if (fault) callback({ code: fault.code, details: fault.message });
        else callback(null, answer);
      } catch (error) {
        const { code, details } = error as { code: grpc.status; details: string };
        callback({ code, details });
      }
    };
    return {
      getCluster: unary('getCluster', (request) => this.getCluster(request.name)),
      createCluster: unary('createCluster', (request) => this.createCluster(request.parent, request.cluster)),
      deleteCluster: unary('deleteCluster', (request) => this.deleteCluster(request.name)),
      getOperation: unary('getOperation', (request) => this.getOperation(request.name)),
      listOperations: unary('listOperations', (request) => ({ operations: this.listOperations(request.parent) })),
      getServerConfig: unary('getServerConfig', () => ({ defaultClusterVersion: '1.33.5-gke.1080', channels: this.options.channels ?? SERVER_CHANNELS })),
    };
  }

  private getCluster(name: string): Json {
    const cluster = this.clusters.get(name);
    if (!cluster) throw rpcError(grpc.status.NOT_FOUND, `Not found: ${name}.`);
    return cluster;
  }

  private createCluster(parent: string, cluster: Json | undefined): Json {
    if (!/^projects\/[^/]+\/locations\/[^/]+$/.test(parent ?? '')) throw rpcError(grpc.status.INVALID_ARGUMENT, `Invalid parent "${parent}".`);
    if (!cluster?.name) throw rpcError(grpc.status.INVALID_ARGUMENT, 'Cluster.name must be set.');
    if (!cluster.nodePools?.length) throw rpcError(grpc.status.INVALID_ARGUMENT, 'Cluster must have at least one node pool.');
    const key = `${parent}/clusters/${cluster.name}`;
    if (this.clusters.has(key)) throw rpcError(grpc.status.ALREADY_EXISTS, `Already exists: ${key}.`);
    return this.startCreate(parent, cluster);
  }

  private startCreate(parent: string, cluster: Json): Json {
    const key = `${parent}/clusters/${cluster.name}`;
    const location = parent.split('/')[3];
    this.clusters.set(key, {
      ...cluster,
      location,
      selfLink: `https://container.googleapis.com/v1/${key}`,
      status: 'PROVISIONING',
      nodePools: (cluster.nodePools as Json[]).map((pool) => ({ ...pool, status: 'PROVISIONING' })),
    });
    const stored = this.startOperation(parent, 'CREATE_CLUSTER', key);
    stored.failWith = this.nextOperationError;
    this.nextOperationError = undefined;
    return stored.operation;
  }

  private deleteCluster(name: string): Json {
    const cluster = this.clusters.get(name);
    if (!cluster) throw rpcError(grpc.status.NOT_FOUND, `Not found: ${name}.`);
    if (this.runningOn(name)) throw rpcError(grpc.status.FAILED_PRECONDITION, `Cluster is running an operation: ${name}.`);
    cluster.status = 'STOPPING';
    return this.startOperation(name.split('/clusters/')[0], 'DELETE_CLUSTER', name).operation;
  }

  private startOperation(parent: string, type: string, clusterKey: string): StoredOperation {
    const location = parent.split('/')[3];
    const name = `operation-${++this.sequence}-${type.toLowerCase().replace('_', '-')}`;
    const operation = {
      name,
      location,
      ...(/-[a-z]$/.test(location) ? { zone: location } : {}),
      operationType: type,
      status: 'RUNNING',
      selfLink: `https://container.googleapis.com/v1/${parent}/operations/${name}`,
      targetLink: `https://container.googleapis.com/v1/${clusterKey}`,
      startTime: new Date(Date.UTC(2025, 0, 1, 0, this.sequence)).toISOString(),
      progress: progressAt(0),
    };
    const stored: StoredOperation = { operation, polls: 0, clusterKey };
    this.operations.set(name, stored);
    return stored;
  }

  private getOperation(name: string): Json {
    const stored = this.operations.get(name.split('/').pop() ?? '');
    if (!stored) throw rpcError(grpc.status.NOT_FOUND, `Not found: ${name}.`);
    if (stored.operation.status !== 'DONE') {
      stored.polls++;
      stored.operation.progress = progressAt(Math.min(stored.polls, STAGES.length - 1));
      if (stored.polls >= (this.options.pollsToFinish ?? 3)) this.finish(stored);
    }
    return stored.operation;
  }

  private finish(stored: StoredOperation): void {
    const { operation, clusterKey } = stored;
    operation.status = 'DONE';
    operation.endTime = new Date(Date.UTC(2025, 0, 1, 1, this.sequence)).toISOString();
    operation.progress = { stages: STAGES.map((name) => ({ name, status: 'DONE' })) };
    const cluster = this.clusters.get(clusterKey);
    if (stored.failWith) {
      operation.error = stored.failWith;
      operation.statusMessage = stored.failWith.message;
      if (cluster) Object.assign(cluster, { status: 'ERROR', statusMessage: stored.failWith.message });
    } else if (operation.operationType === 'DELETE_CLUSTER') {
      this.clusters.delete(clusterKey);
    } else if (cluster) {
      const parent = clusterKey.split('/clusters/')[0];
      Object.assign(cluster, this.runningFields(parent), { status: 'RUNNING' });
      for (const pool of cluster.nodePools ?? []) pool.status = 'RUNNING';
      this.options.onRunning?.(nodesOf(cluster));
    }
  }

  private runningFields(parent: string): Json {
    return {
      location: parent.split('/')[3],
      endpoint: this.options.endpoint ?? '127.0.0.1:6443',
      masterAuth: { clusterCaCertificate: this.options.caCertificate ?? Buffer.from('not a real CA').toString('base64') },
      currentMasterVersion: '1.32.4-gke.1000',
      currentNodeCount: 3,
    };
  }

  private listOperations(parent: string): Json[] {
    const location = parent.split('/')[3];
    return [...this.operations.values()]
      .filter((stored) => location === '-' || stored.operation.location === location)
      .map((stored) => stored.operation);
  }

  private runningOn(clusterKey: string): boolean {
    return [...this.operations.values()].some((stored) => stored.clusterKey === clusterKey && stored.operation.status !== 'DONE');
  }
}

function progressAt(stage: number): Json {
  return {
    stages: STAGES.map((name, index) => ({ name, status: index < stage ? 'DONE' : index === stage ? 'RUNNING' : 'PENDING' })),
    metrics: [{ name: 'NODES_DONE', intValue: String(stage) }, { name: 'NODES_TOTAL', intValue: String(STAGES.length - 1) }],
  };
}

function rpcError(code: grpc.status, details: string): Error {
  return Object.assign(new Error(details), { code, details });
}
