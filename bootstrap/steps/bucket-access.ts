// The bucket part of the access step (and of destroy): the roles dataAccess
// declares, for the pods' own ServiceAccounts, exactly and once.
import { StepContext } from '../context';
import { describeGrant, GrantPlan, planGrants, writeChanges } from '../bucket-grants';
import { approve } from '../prompt';

/** Grants what dataAccess declares and takes back what it no longer does; under --plan, shows it and counts it as drift. */
export async function grantBuckets(ctx: StepContext): Promise<void> {
  await syncGrants(ctx, false);
}

/**
 * Takes back every grant of this environment's accounts on its declared buckets (destroy);
 * `planned`, from plannedRevocations, saves reading the project number and policies again.
 */
export async function revokeBuckets(ctx: StepContext, planned?: GrantPlan): Promise<void> {
  await syncGrants(ctx, true, planned);
}

/** What destroy would take back, for its listing before it asks. */
export async function plannedRevocations(ctx: StepContext): Promise<GrantPlan | undefined> {
  if (!ctx.env.dataAccess) return undefined;
  return planGrants(await ctx.dataAccess(), ctx.env, { remove: true });
}

async function syncGrants(ctx: StepContext, remove: boolean, planned?: GrantPlan): Promise<void> {
  const { env, out } = ctx;
  if (!env.dataAccess) return;
  const api = await ctx.dataAccess();
  const plan = planned ?? await planGrants(api, env, { remove });
  out.line(`bucket access for the pods' ServiceAccounts (Workload Identity principals of project number ${plan.projectNumber}):`);
  const changed = plan.buckets.filter((entry) => entry.changes.add.length + entry.changes.remove.length > 0);
  for (const { changes } of plan.buckets) {
    for (const grant of changes.kept) out.line(`  already granted: ${describeGrant(grant, env.namespace)}`);
    for (const grant of changes.add) out.line(`  ${ctx.plan ? 'would grant' : 'granting'}: ${describeGrant(grant, env.namespace)}`);
    for (const grant of changes.remove) out.line(`  ${ctx.plan ? 'would remove' : 'removing'}: ${describeGrant(grant, env.namespace)}`);
  }
  if (changed.length === 0) {
    out.line(remove ? '  nothing to remove' : '  every declared grant is in place, and no other');
    return;
  }
  if (ctx.plan) {
    if (!remove) {
      for (const { changes } of changed) {
        for (const grant of changes.add) ctx.drift.push(`not granted yet: ${describeGrant(grant, env.namespace)}`);
        for (const grant of changes.remove) ctx.drift.push(`granted but not declared: ${describeGrant(grant, env.namespace)}`);
      }
    }
    return;
  }
  await approve(ctx, `change the IAM policy of ${changed.length} bucket(s)`);
  for (const entry of changed) await writeChanges(api, plan, entry);
  out.line(`  updated the IAM policy of ${changed.map((entry) => `gs://${entry.changes.bucket}`).join(', ')}`);
}
