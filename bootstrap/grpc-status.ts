// gRPC status codes by name, without loading @grpc/grpc-js for a lookup table.
export const GrpcCode = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const NAMES = new Map<number, string>(Object.entries(GrpcCode).map(([name, code]) => [code, name]));

/** The numeric status of a gRPC error, if it is one. */
export function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The server's own words, without the "7 PERMISSION_DENIED:" prefix grpc-js adds to `message`. */
export function grpcDetailsOf(error: unknown): string {
  const details = (error as { details?: unknown } | null)?.details;
  if (typeof details === 'string' && details !== '') return details;
  return error instanceof Error ? error.message : String(error);
}

export function grpcCodeName(code: number | undefined): string {
  return code === undefined ? 'error' : NAMES.get(code) ?? `code ${code}`;
}

// Worth another try: the request may not have reached GKE, or GKE asked to come back.
// RESOURCE_EXHAUSTED is left out: on a create it means quota, which waiting does not fix.
const TRANSIENT = new Set<number>([GrpcCode.UNAVAILABLE, GrpcCode.DEADLINE_EXCEEDED, GrpcCode.ABORTED, GrpcCode.INTERNAL]);

export function isTransient(error: unknown): boolean {
  const code = grpcCodeOf(error);
  return code !== undefined && TRANSIENT.has(code);
}
