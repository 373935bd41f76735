import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import { createServer, Socket } from 'net';

/** A free TCP port on 127.0.0.1 (the OS picks it; a tiny race remains, acceptable in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on 127.0.0.1:port, or fails after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, owner?: RunningProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (owner?.exited) throw new Error(`${owner.name} exited early:\n${owner.output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms${owner ? `:\n${owner.output()}` : ''}`);
}

/** A started program whose output is kept for error messages, stopped with its whole process group. */
export class RunningProcess {
  public exited = false;
  private readonly chunks: string[] = [];
  private readonly child: ChildProcess;

  constructor(readonly name: string, command: string, args: readonly string[], options: SpawnOptions = {}) {
    this.child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk) => this.chunks.push(String(chunk)));
    this.child.stderr?.on('data', (chunk) => this.chunks.push(String(chunk)));
    this.child.once('exit', () => { this.exited = true; });
  }

  output(): string {
    return this.chunks.join('').split('\n').slice(-30).join('\n');
  }

  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => { try { process.kill(-this.child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs a program to completion with `input` on stdin; resolves with stdout, rejects with the output on failure. */
export function runToEnd(command: string, args: readonly string[], input: string, options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}:\n${stdout}\n${stderr}`))));
    child.stdin.end(input);
  });
}
