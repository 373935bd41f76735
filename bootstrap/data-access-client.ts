// The Google calls behind bucket grants: the project's number (Resource Manager)
// and a bucket's IAM policy (Cloud Storage JSON API), through Google's client
// libraries. Only types are imported statically: the libraries load when a step
// first needs them, never for `npm run synth`.
import { parseEndpoint } from './gke-client';

export interface PolicyBinding {
  role: string;
  members: string[];
  condition?: unknown;
}

/** A bucket's IAM policy as the JSON API returns it; the etag makes a write fail if someone wrote since the read. */
export interface BucketPolicy {
  bindings: PolicyBinding[];
  etag?: string;
  version?: number;
  [key: string]: unknown;
}

export interface DataAccessApi {
  /** projects/my-project -> 123456789012, which Workload Identity principals name. */
  projectNumber(projectId: string): Promise<string>;
  getBucketPolicy(bucket: string): Promise<BucketPolicy>;
  setBucketPolicy(bucket: string, policy: BucketPolicy): Promise<BucketPolicy>;
  close(): Promise<void>;
}

/** `host:port` of a Resource Manager emulator or test server: plaintext gRPC, no credentials. */
const RESOURCE_MANAGER_ENDPOINT_VARIABLE = 'RESOURCE_MANAGER_ENDPOINT';

/** `http://host:port` of a Cloud Storage emulator or test server, the Storage client's apiEndpoint (no credentials sent). */
const STORAGE_ENDPOINT_VARIABLE = 'STORAGE_ENDPOINT';

/** Policy version 3 returns conditional bindings whole, so a write never drops them. */
const POLICY_VERSION = 3;

/**
 * With Application Default Credentials; RESOURCE_MANAGER_ENDPOINT and STORAGE_ENDPOINT (or the
 * storage library's own STORAGE_EMULATOR_HOST) point them at local servers instead.
 */
export async function connectDataAccess(environment: NodeJS.ProcessEnv = process.env): Promise<DataAccessApi> {
  const endpointText = environment[RESOURCE_MANAGER_ENDPOINT_VARIABLE];
  const endpoint = endpointText ? parseEndpoint(endpointText, RESOURCE_MANAGER_ENDPOINT_VARIABLE) : undefined;
  const { ProjectsClient } = await import('@google-cloud/resource-manager');
  const { Storage } = await import('@google-cloud/storage');
  let projects: InstanceType<typeof ProjectsClient>;
  if (endpoint) {
    const { credentials } = await import('@grpc/grpc-js');
    projects = new ProjectsClient({ apiEndpoint: endpoint.host, port: endpoint.port, sslCreds: credentials.createInsecure(), universeDomain: 'googleapis.com' });
  } else {
    projects = new ProjectsClient();
  }
  const storageEndpoint = environment[STORAGE_ENDPOINT_VARIABLE];
  const storage = new Storage({ ...(storageEndpoint ? { apiEndpoint: storageEndpoint } : {}), retryOptions: { autoRetry: true, maxRetries: 3, totalTimeout: 120 } });
  return {
    projectNumber: async (projectId) => {
      const [project] = await projects.getProject({ name: `projects/${projectId}` }, { timeout: 30_000 });
      return String(project.name ?? '').replace(/^projects\//, '');
    },
    getBucketPolicy: async (bucket) => {
      const [policy] = await storage.bucket(bucket).iam.getPolicy({ requestedPolicyVersion: POLICY_VERSION });
      return { ...policy, bindings: (policy.bindings ?? []) as PolicyBinding[] } as BucketPolicy;
    },
    setBucketPolicy: async (bucket, policy) => {
      const [written] = await storage.bucket(bucket).iam.setPolicy({ ...policy, version: POLICY_VERSION } as never);
      return { ...written, bindings: (written.bindings ?? []) as PolicyBinding[] } as BucketPolicy;
    },
    close: () => projects.close(),
  };
}
