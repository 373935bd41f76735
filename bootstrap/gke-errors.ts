import { CommandFailed } from '../charts/cli/exit';
import { GrpcCode, grpcCodeName, grpcCodeOf, grpcDetailsOf } from './grpc-status';
import { RetriesExhausted } from './retry';

export type GkeMethod = 'getCluster' | 'createCluster' | 'deleteCluster' | 'getOperation' | 'listOperations' | 'getServerConfig';

/** What was being done when an error came back, for a message the user can act on. */
export interface GkeCall {
  readonly method: GkeMethod;
  /** The resource name: projects/p/locations/l/clusters/c. */
  readonly resource: string;
  readonly project: string;
}

// The permission each call checks, and the narrowest predefined role that has it.
const PERMISSIONS: Record<GkeMethod, { readonly permission: string; readonly role: string }> = {
  getCluster: { permission: 'container.clusters.get', role: 'roles/container.clusterViewer' },
  createCluster: { permission: 'container.clusters.create', role: 'roles/container.clusterAdmin' },
  deleteCluster: { permission: 'container.clusters.delete', role: 'roles/container.clusterAdmin' },
  getOperation: { permission: 'container.operations.get', role: 'roles/container.viewer' },
  listOperations: { permission: 'container.operations.list', role: 'roles/container.viewer' },
  getServerConfig: { permission: 'container.clusters.list', role: 'roles/container.viewer' },
};

/** The command that logs in with Application Default Credentials, for GKE and kubectl alike. */
export const ADC_LOGIN_HELP = 'Run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file), then re-run.';

export const NO_CREDENTIALS_HELP = `no usable Google credentials: bootstrap uses Application Default Credentials. ${ADC_LOGIN_HELP}`;

/** Google's words for missing or expired Application Default Credentials. */
export function mentionsNoCredentials(text: string): boolean {
  return /could not load the default credentials|invalid_grant|invalid_rapt|reauth/i.test(text);
}

/** Google's words for an API not enabled in the project. */
export function mentionsApiDisabled(details: string): boolean {
  return /SERVICE_DISABLED|has not been used|is disabled/i.test(details);
}

/**
 * Missing or expired Application Default Credentials. grpc-js reports a failing
 * credentials plugin as UNAVAILABLE, so this is checked before any retry.
 */
export function isCredentialsProblem(error: unknown): boolean {
  return grpcCodeOf(error) === GrpcCode.UNAUTHENTICATED || mentionsNoCredentials(grpcDetailsOf(error));
}

/** Turns an error from GKE into a CommandFailed that says what to do; other errors pass through. */
export function explainGkeError(error: unknown, call: GkeCall): Error {
  if (error instanceof CommandFailed) return error;
  if (error instanceof RetriesExhausted) {
    const last = error.lastError;
    return new CommandFailed(
      `GKE did not answer ${call.method} for ${call.resource} after ${error.attempts} attempts `
      + `(last: ${grpcCodeName(grpcCodeOf(last))}: ${grpcDetailsOf(last)}). `
      + 'Check the network and re-run: every step is safe to run again.',
    );
  }
  if (isCredentialsProblem(error)) return new CommandFailed(`${NO_CREDENTIALS_HELP}\nGKE said: ${grpcDetailsOf(error)}`);
  const code = grpcCodeOf(error);
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  const details = grpcDetailsOf(error);
  switch (code) {
    case GrpcCode.PERMISSION_DENIED:
      return new CommandFailed(permissionMessage(call, details));
    case GrpcCode.RESOURCE_EXHAUSTED:
      return new CommandFailed(
        `GKE refused ${call.method} for ${call.resource}: a quota or rate limit was reached.\n`
        + `  GKE said: ${details}\n`
        + `  Check the quotas of project ${call.project} (IAM & Admin > Quotas), ask for more or choose a smaller cluster, then re-run.`,
      );
    case GrpcCode.INVALID_ARGUMENT:
      return new CommandFailed(`GKE refused ${call.method} for ${call.resource} as invalid: ${details}\n  Check the cluster: section of the environment file.`);
    case GrpcCode.NOT_FOUND:
      return new CommandFailed(`GKE found no ${call.resource}: ${details}\n  Check cluster.project and cluster.location in the environment file.`);
    default:
      return new CommandFailed(`GKE ${call.method} for ${call.resource} failed: ${grpcCodeName(code)}: ${details}`);
  }
}

function permissionMessage(call: GkeCall, details: string): string {
  if (mentionsApiDisabled(details)) {
    return `the Kubernetes Engine API is not enabled in project ${call.project}.\n`
      + `  Enable it with: gcloud services enable container.googleapis.com --project ${call.project}\n`
      + `  GKE said: ${details}`;
  }
  const { permission, role } = PERMISSIONS[call.method];
  const lines = [
    `permission denied: ${call.method} on ${call.resource} needs the IAM permission ${permission} on project ${call.project}.`,
    `  Grant your account a role that has it: roles/container.admin covers every bootstrap step (${role} is enough for this call):`,
    `    gcloud projects add-iam-policy-binding ${call.project} --member=user:YOUR_EMAIL --role=roles/container.admin`,
  ];
  if (call.method === 'createCluster') {
    lines.push('  Creating nodes also needs roles/iam.serviceAccountUser on the nodes\' service account (the Compute Engine default one unless you chose another).');
  }
  lines.push(`  GKE said: ${details}`);
  return lines.join('\n');
}
