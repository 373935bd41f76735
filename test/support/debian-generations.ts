// The Debian generations the Dask and Jupyter integration tests run on: this machine's own
// packages (bookworm: Dask 2022.12, Jupyter Server 1.23) and a Debian trixie root built by
// test/support/build-trixie-root.sh (Dask 2024.12, Jupyter Server 2.15, closer to what the
// images run). Programs in the root run through chroot in a private mount namespace, so the
// /proc, /dev and temp-dir mounts they need vanish with the process and never touch the root.
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';

export interface DebianGeneration {
  /** Says which programs the tests ran on, in test names and skip reasons. */
  readonly name: string;
  /** Why this generation cannot run here (and how to fix it); undefined when it can. */
  readonly unavailable?: string;
  /** The Jupyter Server major version this generation must ship, when the tests depend on it. */
  readonly jupyterServerMajor?: number;
  /** The command line that runs `program args` in this generation. */
  wrap(program: string, args: readonly string[]): [string, string[]];
}

const BUILD_SCRIPT = resolve(__dirname, 'build-trixie-root.sh');

function hostName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return `this machine (${pretty?.[1] ?? 'unknown system'})`;
  } catch {
    return 'this machine';
  }
}

/** This machine's own programs, run as they are. */
export const HOST: DebianGeneration = {
  name: hostName(),
  wrap: (program, args) => [program, [...args]],
};

// Mounts what Python needs inside the root, then enters it. The root itself is read-only to
// what runs there, so tests cannot change the cached root; the temp dir is bound at the same
// path, so that files the tests write there are found inside the root.
const ENTER_ROOT = [
  'root=$1 tmp=$2; shift 2',
  '[ -d "$root$tmp" ] || mkdir -p "$root$tmp"',
  'mount --rbind "$root" "$root"',
  'mount -o remount,bind,ro "$root"',
  'mount --rbind /proc "$root/proc"',
  'mount --rbind /dev "$root/dev"',
  'mount --rbind "$tmp" "$root$tmp"',
  'exec chroot "$root" "$@"',
].join('\n');

/** A Debian root entered with chroot; `root` is its directory on this machine. */
function chrootGeneration(name: string, root: string, jupyterServerMajor?: number): DebianGeneration {
  // Root may mount in a new mount namespace; anyone else needs a user namespace for that.
  const namespace = process.getuid?.() === 0 ? ['--mount'] : ['--map-root-user', '--mount'];
  const wrap = (program: string, args: readonly string[]): [string, string[]] => [
    'unshare', [...namespace, '--propagation', 'private', '--', '/bin/sh', '-c', ENTER_ROOT, 'enter-root', root, tmpdir(), program, ...args],
  ];
  let unavailable: string | undefined;
  if (!existsSync(join(root, 'usr/bin/python3'))) {
    unavailable = `no finished root at ${root}; build it with 'sudo ${relative(process.cwd(), BUILD_SCRIPT)}' (2-4 minutes, once per machine)`;
  } else {
    try {
      const [command, commandArgs] = wrap('/bin/true', []);
      execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30000 });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? error).trim();
      unavailable = `cannot enter ${root} (unshare and chroot need root or user namespaces): ${stderr}`;
    }
  }
  return { name, unavailable, jupyterServerMajor, wrap };
}

/** The trixie root where build-trixie-root.sh puts it on this machine (the script names it). */
function trixieRoot(): DebianGeneration {
  const root = execFileSync(BUILD_SCRIPT, ['--path'], { encoding: 'utf8' }).trim();
  // Trixie ships Jupyter Server 2, the generation whose PasswordIdentityProvider the images run.
  return chrootGeneration('Debian trixie root', root, 2);
}

/** Every generation the integration tests run on, oldest first. */
export const DEBIAN_GENERATIONS: readonly DebianGeneration[] = [HOST, trixieRoot()];
