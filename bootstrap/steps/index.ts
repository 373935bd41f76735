import { StepContext } from '../context';
import { checkPreconditions } from '../preconditions';
import { accessStep } from './access';
import { clusterStep } from './cluster';
import { credentialsStep } from './credentials';
import { destroyStep } from './destroy';
import { syncStep } from './sync';

export const STEPS = {
  cluster: clusterStep,
  credentials: credentialsStep,
  access: accessStep,
  sync: syncStep,
  destroy: destroyStep,
} as const;

/** What `all` runs, in order. destroy is never part of it. */
export const ALL_STEPS = ['cluster', 'credentials', 'access', 'sync'] as const;

export type StepName = keyof typeof STEPS | 'all';

export const STEP_NAMES: readonly StepName[] = ['all', ...Object.keys(STEPS) as (keyof typeof STEPS)[]];

export async function runStep(ctx: StepContext, step: StepName): Promise<void> {
  const steps = step === 'all' ? ALL_STEPS : [step];
  if (step === 'all') await checkPreconditions(ctx);
  for (const name of steps) await STEPS[name](ctx);
}
