// The few ClusterManager calls bootstrap makes, behind an interface so that steps
// never see the client library. Only types are imported statically: the library
// itself (and gRPC) loads when a step first needs GKE, never for `npm run synth`.
import type { protos } from '@google-cloud/container';
import { UsageError } from '../charts/cli/exit';

export type Cluster = protos.google.container.v1.ICluster;
export type NodePool = protos.google.container.v1.INodePool;
export type Operation = protos.google.container.v1.IOperation;
export type ServerConfig = protos.google.container.v1.IServerConfig;

export interface GkeApi {
  getCluster(name: string): Promise<Cluster>;
  createCluster(parent: string, cluster: Cluster): Promise<Operation>;
  deleteCluster(name: string): Promise<Operation>;
  getOperation(name: string): Promise<Operation>;
  listOperations(parent: string): Promise<Operation[]>;
  /** The versions GKE offers in a location, per release channel. */
  getServerConfig(name: string): Promise<ServerConfig>;
  close(): Promise<void>;
}

/** `host:port` of an emulator or test server: plaintext gRPC, no credentials. */
export const GKE_ENDPOINT_VARIABLE = 'GKE_ENDPOINT';

/** One call's deadline; bootstrap retries on its own terms (see retry.ts), so the library's retries are off. */
const CALL_OPTIONS = { timeout: 30_000, retry: null };

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export function parseEndpoint(value: string, variable: string = GKE_ENDPOINT_VARIABLE): Endpoint {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new UsageError(`${variable}="${value}" must be host:port, such as 127.0.0.1:8086`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

/**
 * Connects to GKE: with Application Default Credentials, or, when GKE_ENDPOINT is
 * set, to that address without TLS or credentials (an emulator or a test server).
 */
export async function connectGke(environment: NodeJS.ProcessEnv = process.env): Promise<GkeApi> {
  const endpointText = environment[GKE_ENDPOINT_VARIABLE];
  const endpoint = endpointText ? parseEndpoint(endpointText) : undefined;
  const { ClusterManagerClient } = await import('@google-cloud/container');
  let client: InstanceType<typeof ClusterManagerClient>;
  if (endpoint) {
    const { credentials } = await import('@grpc/grpc-js');
    client = new ClusterManagerClient({
      apiEndpoint: endpoint.host,
      port: endpoint.port,
      sslCreds: credentials.createInsecure(),
      // Naming the universe keeps google-auth-library from asking the GCE metadata
      // server for it: a run against a local server must not reach out.
      universeDomain: 'googleapis.com',
    });
  } else {
    client = new ClusterManagerClient();
  }
  return {
    getCluster: async (name) => (await client.getCluster({ name }, CALL_OPTIONS))[0],
    createCluster: async (parent, cluster) => (await client.createCluster({ parent, cluster }, CALL_OPTIONS))[0],
    deleteCluster: async (name) => (await client.deleteCluster({ name }, CALL_OPTIONS))[0],
    getOperation: async (name) => (await client.getOperation({ name }, CALL_OPTIONS))[0],
    listOperations: async (parent) => (await client.listOperations({ parent }, CALL_OPTIONS))[0].operations ?? [],
    getServerConfig: async (name) => (await client.getServerConfig({ name }, CALL_OPTIONS))[0],
    close: () => client.close(),
  };
}
