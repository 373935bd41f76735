// Bucket roles for the pods' own ServiceAccounts, granted directly to their
// Workload Identity Federation for GKE principals (no Google service account to
// impersonate): principal://iam.googleapis.com/projects/NUMBER/locations/global/
// workloadIdentityPools/PROJECT.svc.id.goog/subject/ns/NAMESPACE/sa/NAME.
import { CommandFailed } from '../charts/cli/exit';
import { podAccounts } from '../charts/constructs/service-accounts';
import { BucketAccess, DataComponent, Environment } from '../charts/config/values';
import { workloadPoolOf } from './cluster-request';
import type { BucketPolicy, DataAccessApi } from './data-access-client';
import { mentionsApiDisabled, mentionsNoCredentials } from './gke-errors';
import { GrpcCode, grpcCodeOf, grpcDetailsOf } from './grpc-status';

const BUCKET_ROLES: Record<BucketAccess['access'], string> = {
  read: 'roles/storage.objectViewer',
  write: 'roles/storage.objectUser',
};
/** The roles bootstrap manages: on a declared bucket, an account holds exactly the declared one of these. */
const MANAGED_ROLES = Object.values(BUCKET_ROLES);

function principalOf(projectNumber: string, env: Environment, account: string): string {
  const pool = workloadPoolOf(env.cluster!);
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${pool}/subject/ns/${env.namespace}/sa/${account}`;
}

export interface Grant {
  readonly bucket: string;
  readonly role: string;
  /** The Kubernetes ServiceAccount, for messages. */
  readonly account: string;
  readonly member: string;
}

/** What the environment declares: each bucket's role for each account of its components. */
function declaredGrants(env: Environment, projectNumber: string): Grant[] {
  const accounts = podAccounts(env);
  return (env.dataAccess?.buckets ?? []).flatMap((bucket) => {
    const names = [...new Set(bucket.components.flatMap((component: DataComponent) => accounts[component]))];
    return names.map((account) => ({ bucket: bucket.name, role: BUCKET_ROLES[bucket.access], account, member: principalOf(projectNumber, env, account) }));
  });
}

/** Every principal of this environment's pods: those whose managed roles the step keeps exact. */
function ownPrincipals(env: Environment, projectNumber: string): Map<string, string> {
  const accounts = podAccounts(env);
  const names = new Set([...accounts.scheduler, ...accounts.worker, ...accounts.jupyter]);
  return new Map([...names].map((account) => [principalOf(projectNumber, env, account), account]));
}

interface BucketChanges {
  readonly bucket: string;
  readonly add: Grant[];
  readonly remove: Grant[];
  readonly kept: Grant[];
}

/** How a bucket's policy must change so this environment's accounts hold exactly `wanted` of the managed roles. */
function changesFor(bucket: string, policy: BucketPolicy, wanted: readonly Grant[], own: ReadonlyMap<string, string>): BucketChanges {
  const holds = (role: string, member: string) => policy.bindings.some((binding) => binding.role === role && !binding.condition && binding.members.includes(member));
  const add = wanted.filter((grant) => !holds(grant.role, grant.member));
  const kept = wanted.filter((grant) => holds(grant.role, grant.member));
  const remove: Grant[] = [];
  for (const binding of policy.bindings) {
    if (!MANAGED_ROLES.includes(binding.role) || binding.condition) continue;
    for (const member of binding.members) {
      const account = own.get(member);
      if (account !== undefined && !wanted.some((grant) => grant.role === binding.role && grant.member === member)) {
        remove.push({ bucket, role: binding.role, account, member });
      }
    }
  }
  return { bucket, add, remove, kept };
}

/** The policy with the changes made; bindings left empty are dropped, as gcloud does. */
function applyChanges(policy: BucketPolicy, changes: BucketChanges): BucketPolicy {
  const bindings = policy.bindings.map((binding) => ({ ...binding, members: [...binding.members] }));
  for (const grant of changes.remove) {
    const binding = bindings.find((candidate) => candidate.role === grant.role && !candidate.condition);
    if (binding) binding.members = binding.members.filter((member) => member !== grant.member);
  }
  for (const grant of changes.add) {
    let binding = bindings.find((candidate) => candidate.role === grant.role && !candidate.condition);
    if (!binding) {
      binding = { role: grant.role, members: [] };
      bindings.push(binding);
    }
    binding.members.push(grant.member);
  }
  return { ...policy, bindings: bindings.filter((binding) => binding.members.length > 0) };
}

export interface GrantPlan {
  readonly projectNumber: string;
  /** The grants this environment's accounts should hold (none when taking every grant away). */
  readonly wanted: readonly Grant[];
  /** This environment's principals, each with its ServiceAccount. */
  readonly own: ReadonlyMap<string, string>;
  readonly buckets: { readonly changes: BucketChanges; readonly policy: BucketPolicy }[];
}

/** Reads each declared bucket's policy and works out the changes; `remove` plans taking every grant away (destroy). */
export async function planGrants(api: DataAccessApi, env: Environment, options: { remove?: boolean } = {}): Promise<GrantPlan> {
  const project = env.cluster!.project;
  const projectNumber = await call(() => api.projectNumber(project), { what: `the number of project ${project}`, project });
  const own = ownPrincipals(env, projectNumber);
  const wanted = options.remove ? [] : declaredGrants(env, projectNumber);
  const buckets = [];
  for (const bucket of env.dataAccess?.buckets ?? []) {
    const policy = await call(() => api.getBucketPolicy(bucket.name), { what: `the IAM policy of gs://${bucket.name}`, bucket: bucket.name });
    buckets.push({ policy, changes: changesFor(bucket.name, policy, wanted.filter((grant) => grant.bucket === bucket.name), own) });
  }
  return { projectNumber, wanted, own, buckets };
}

/** Writes one bucket's changes; when someone else wrote the policy since it was read (412), reads it again once. */
export async function writeChanges(api: DataAccessApi, plan: GrantPlan, entry: GrantPlan['buckets'][number]): Promise<void> {
  const { bucket } = entry.changes;
  const what = { what: `the IAM policy of gs://${bucket}`, bucket, write: true };
  try {
    await api.setBucketPolicy(bucket, applyChanges(entry.policy, entry.changes));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 412) throw explainDataAccessError(error, what);
    const fresh = await call(() => api.getBucketPolicy(bucket), what);
    const wanted = plan.wanted.filter((grant) => grant.bucket === bucket);
    await call(() => api.setBucketPolicy(bucket, applyChanges(fresh, changesFor(bucket, fresh, wanted, plan.own))), what);
  }
}

export function describeGrant(grant: Grant, namespace: string): string {
  return `gs://${grant.bucket}: ${grant.role} for ServiceAccount ${namespace}/${grant.account} (${grant.member})`;
}

interface CallInfo {
  readonly what: string;
  readonly project?: string;
  readonly bucket?: string;
  readonly write?: boolean;
}

/** One call, its failure turned into what to do about it. */
async function call<T>(send: () => Promise<T>, info: CallInfo): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw explainDataAccessError(error, info);
  }
}

function explainDataAccessError(error: unknown, info: CallInfo): Error {
  const httpCode = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const grpcCode = grpcCodeOf(error);
  const said = `Google said: ${grpcCode !== undefined ? grpcDetailsOf(error) : message}`;
  if (mentionsNoCredentials(message)) {
    return new CommandFailed(`cannot read ${info.what}: no usable Application Default Credentials. Run \`gcloud auth application-default login\` (or set GOOGLE_APPLICATION_CREDENTIALS), then re-run.\n  ${said}`);
  }
  if (info.project !== undefined && grpcCode !== undefined) {
    if (mentionsApiDisabled(grpcDetailsOf(error))) {
      return new CommandFailed(`cannot read ${info.what}: the Cloud Resource Manager API is not enabled. Enable it with: gcloud services enable cloudresourcemanager.googleapis.com --project ${info.project}\n  ${said}`);
    }
    if (grpcCode === GrpcCode.PERMISSION_DENIED || grpcCode === GrpcCode.NOT_FOUND) {
      return new CommandFailed(`cannot read ${info.what}: the project does not exist, or your account lacks resourcemanager.projects.get on it (roles/browser grants it). Check cluster.project.\n  ${said}`);
    }
  }
  if (info.bucket !== undefined && httpCode === 404) {
    return new CommandFailed(`gs://${info.bucket} does not exist: check dataAccess.buckets in the environment file (names are without gs://).\n  ${said}`);
  }
  if (info.bucket !== undefined && httpCode === 403) {
    const permission = info.write ? 'storage.buckets.setIamPolicy' : 'storage.buckets.getIamPolicy';
    return new CommandFailed(`permission denied on ${info.what}: your account needs ${permission} on the bucket; roles/storage.admin on gs://${info.bucket} (or its project) grants it:\n`
      + `    gcloud storage buckets add-iam-policy-binding gs://${info.bucket} --member=user:YOUR_EMAIL --role=roles/storage.admin\n  ${said}`);
  }
  return new CommandFailed(`cannot ${info.write ? 'write' : 'read'} ${info.what}: ${message}`);
}
