/** An abort signal for the length of one wait, and how to stop listening. */
export interface InterruptWatch {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Turns Ctrl-C into an abort only while an operation is being waited on, so the
 * wait can say that the operation keeps running. Outside waits Ctrl-C keeps its
 * usual meaning. A test passes its own signal instead.
 */
export function watchInterrupt(external?: AbortSignal): InterruptWatch {
  if (external) return { signal: external, dispose: () => undefined };
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSigint) };
}
