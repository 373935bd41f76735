// Waiting on a GKE operation: visible progress, a timeout, and Ctrl-C that
// leaves the operation running (a re-run finds it and waits again).
import { ClusterSpec } from '../charts/config/values';
import { CommandFailed } from '../charts/cli/exit';
import { Clock, Interrupted } from './clock';
import { Gke, isFinished } from './gke';
import type { Operation } from './gke-client';
import { grpcCodeName } from './grpc-status';
import { watchInterrupt } from './interrupt';
import { formatElapsed, Output } from './output';

/** Exit code after Ctrl-C, as shells report it (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface WaitOptions {
  readonly out: Output;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  /** Without it, Ctrl-C is watched for the length of the wait. */
  readonly signal?: AbortSignal;
  /** Said after the operation's own message when it fails. */
  readonly failureHint?: string;
}

/** Print a progress line at least this often even when nothing changed, so the wait never looks stuck. */
const HEARTBEAT_MS = 30_000;

/** Polls until the operation is done; returns it, or throws CommandFailed with GKE's message. */
export async function waitForOperation(gke: Gke, spec: ClusterSpec, started: Operation, options: WaitOptions): Promise<Operation> {
  const { out, clock } = options;
  const label = `${String(started.operationType ?? 'operation')} ${started.name ?? ''}`.trim();
  const interrupt = watchInterrupt(options.signal);
  const begin = clock.now();
  let operation = started;
  let lastLine = '';
  let lastPrinted = begin;
  try {
    for (;;) {
      const elapsed = clock.now() - begin;
      if (isFinished(operation)) {
        failIfError(operation, label, options.failureHint);
        out.line(`  [${formatElapsed(elapsed)}] ${label}: DONE`);
        return operation;
      }
      const progress = describeProgress(operation);
      if (progress !== lastLine || clock.now() - lastPrinted >= HEARTBEAT_MS) {
        out.line(`  [${formatElapsed(elapsed)}] ${label}: ${progress}`);
        lastLine = progress;
        lastPrinted = clock.now();
      }
      if (elapsed >= options.timeoutMs) {
        throw new CommandFailed(
          `timed out after ${formatElapsed(elapsed)} waiting for ${label} (last status ${String(operation.status)}). `
          + 'The operation keeps running in Google Cloud: re-run the same command to resume waiting on it, or pass a longer --timeout.',
        );
      }
      await clock.sleep(options.pollIntervalMs, interrupt.signal);
      operation = await gke.getOperation(spec, operation);
    }
  } catch (error) {
    if (error instanceof Interrupted || interrupt.signal.aborted) {
      throw new CommandFailed(
        `interrupted: ${label} keeps running in Google Cloud. Re-run the same command to resume waiting on it.`,
        EXIT_INTERRUPTED,
      );
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** "RUNNING, stage CLUSTER_DEPLOYING (2 of 4), NODES_DONE=2, NODES_TOTAL=6: Creating nodes". */
export function describeProgress(operation: Operation): string {
  const parts = [String(operation.status ?? 'UNKNOWN')];
  const progress = operation.progress;
  const stages = progress?.stages ?? [];
  if (stages.length > 0) {
    const current = stages.findIndex((stage) => stage.status !== 'DONE');
    if (current >= 0) parts.push(`stage ${stages[current].name ?? '?'} (${current + 1} of ${stages.length})`);
  }
  for (const metric of progress?.metrics ?? []) {
    const value = metric.intValue ?? metric.doubleValue ?? metric.stringValue;
    if (metric.name && value !== undefined && value !== null) parts.push(`${metric.name}=${String(value)}`);
  }
  const detail = operation.detail ? `: ${operation.detail}` : '';
  return `${parts.join(', ')}${detail}`;
}

function failIfError(operation: Operation, label: string, hint?: string): void {
  const error = operation.error;
  const conditions = (operation.clusterConditions ?? []).map((condition) => condition.message).filter(Boolean);
  const message = error?.message || operation.statusMessage || conditions.join('; ');
  const failed = (error?.code ?? 0) !== 0 || Boolean(error?.message) || Boolean(operation.statusMessage);
  if (!failed) return;
  const code = error?.code ? ` (${grpcCodeName(error.code)})` : '';
  throw new CommandFailed(`${label} failed${code}: ${message}${hint ? `\n  ${hint}` : ''}`);
}
