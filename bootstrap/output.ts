/** Where a line of text goes: process.stdout / process.stderr, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** Progress and results to stdout; warnings to stderr (errors are thrown, and printed by runMain). */
export class Output {
  constructor(private readonly stdout: TextSink, private readonly stderr: TextSink) {}

  public line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  public warn(text: string): void {
    this.stderr.write(`warning: ${text}\n`);
  }

  /** A step's title, so a long `all` run reads as sections. */
  public heading(text: string): void {
    this.line(`== ${text}`);
  }
}

/** 75_000 -> "1m15s"; 4_000 -> "4s". */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
