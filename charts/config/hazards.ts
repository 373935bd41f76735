import { ValueSource } from './environment-file';
import { FieldPath, Problem, showValue } from './errors';
import { Environment } from './values';

/**
 * Hazards an environment may accept on purpose by listing their names under
 * `acknowledge:`. Keep in step with environments/schema.json (the enum and its
 * description) and the README's table.
 */
export const HAZARDS = {
  'default-jupyter-password': 'Jupyter keeps the chart\'s password hash (the password "dask")',
  'public-jupyter': 'Jupyter\'s Service is a LoadBalancer open to the internet',
  'public-scheduler': 'the scheduler\'s Service is a LoadBalancer open to the internet',
  'workers-without-requests': 'a worker group requests no CPU or memory',
  'no-workload-identity': 'cluster.workloadIdentity is false',
  'default-node-service-account': 'nodes run as the Compute Engine default service account',
  'install-packages-at-start': 'EXTRA_CONDA_PACKAGES or EXTRA_PIP_PACKAGES install packages at every start',
  'mixed-dask-versions': 'the scheduler, worker groups and Jupyter run different image tags',
} as const;

export type HazardName = keyof typeof HAZARDS;

/** What loading an environment found: errors stop the run, warnings are printed and reviewed. */
export interface Findings {
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

/**
 * Collects the consistency and guardrail findings of one environment, applying
 * its `acknowledge:` list and `strict:` setting in one place.
 */
export class FindingCollector {
  private readonly errors: Problem[] = [];
  private readonly warnings: Problem[] = [];
  private readonly raised = new Set<HazardName>();

  constructor(private readonly source: ValueSource, private readonly env: Environment) {}

  public error(path: FieldPath, message: string): void {
    this.errors.push(this.source.problem(path, message));
  }

  public warning(path: FieldPath, message: string): void {
    if (this.env.strict) {
      this.errors.push(this.source.problem(path, `${message} (strict: true makes this warning an error)`));
    } else {
      this.warnings.push(this.source.problem(path, message));
    }
  }

  /** A named hazard: dropped when acknowledged, else an error or a warning that says how to accept it. */
  public hazard(name: HazardName, severity: 'error' | 'warning', path: FieldPath, message: string): void {
    this.raised.add(name);
    if (this.env.acknowledge.includes(name)) return;
    const text = `${message}; or accept it with acknowledge: [${name}]`;
    if (severity === 'error') this.error(path, text);
    else this.warning(path, text);
  }

  /** The findings, with a warning for each acknowledgement nothing needed (it would hide the hazard's return). */
  public finish(): Findings {
    this.env.acknowledge.forEach((name, index) => {
      if (!this.raised.has(name)) {
        this.warning(['acknowledge', index], `${showValue(name)} acknowledges a hazard this environment does not have (${HAZARDS[name]}): remove it, so that the hazard is reported if it comes back`);
      }
    });
    return { errors: this.errors, warnings: this.warnings };
  }
}
