// Kubernetes resource quantities, parsed exactly (BigInt) so that the byte count
// Kubernetes enforces is the byte count dask-worker is told.

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

// Dask's own spellings (4GiB, 4 GB), which the chart's `default_resources.memory` uses.
const DASK_BYTES = /^(\d+(?:\.\d*)?|\.\d+)\s*(B|kB|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$/;

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DASK_MULTIPLIER: Record<string, bigint> = {
  B: 1n, kB: 10n ** 3n, KB: 10n ** 3n, MB: 10n ** 6n, GB: 10n ** 9n, TB: 10n ** 12n, PB: 10n ** 15n,
  KiB: 1n << 10n, MiB: 1n << 20n, GiB: 1n << 30n, TiB: 1n << 40n, PiB: 1n << 50n,
};

/** An exact non-negative rational number. */
interface Ratio { readonly num: bigint; readonly den: bigint }

function decimal(digits: string): Ratio {
  const [whole, fraction = ''] = digits.split('.');
  return { num: BigInt((whole || '0') + fraction), den: 10n ** BigInt(fraction.length) };
}

function scale(value: Ratio, exponent: number): Ratio {
  return exponent >= 0
    ? { num: value.num * 10n ** BigInt(exponent), den: value.den }
    : { num: value.num, den: value.den * 10n ** BigInt(-exponent) };
}

function parseRatio(input: string | number): Ratio | undefined {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const match = QUANTITY.exec(text);
  if (!match || match[1] === '-') return undefined;
  const [, , digits, exponent, suffix] = match;
  const base = decimal(digits);
  if (exponent !== undefined) return scale(base, Number(exponent.slice(1)));
  const binary = suffix ? BINARY[suffix] : undefined;
  if (binary !== undefined) return { num: base.num * binary, den: base.den };
  return scale(base, DECIMAL_EXPONENT[suffix ?? '']);
}

function ceilDiv(value: Ratio): bigint {
  return (value.num + value.den - 1n) / value.den;
}

/** True when `input` is a Kubernetes quantity (not negative). */
export function isQuantity(input: unknown): boolean {
  return (typeof input === 'string' || typeof input === 'number') && parseRatio(input) !== undefined;
}

/** Whole bytes of a Kubernetes memory quantity, rounded up as Kubernetes does; undefined if unparseable. */
export function parseBytes(input: string | number): bigint | undefined {
  const ratio = parseRatio(input);
  if (ratio) return ceilDiv(ratio);
  const dask = typeof input === 'string' ? DASK_BYTES.exec(input.trim()) : null;
  if (!dask) return undefined;
  const value = decimal(dask[1]);
  return ceilDiv({ num: value.num * DASK_MULTIPLIER[dask[2]], den: value.den });
}

/** Millicores of a Kubernetes CPU quantity, rounded up as Kubernetes does; undefined if unparseable. */
export function parseMillicores(input: string | number): bigint | undefined {
  const ratio = parseRatio(input);
  return ratio ? ceilDiv(scale(ratio, 3)) : undefined;
}

/** Compares two quantities of one resource: negative, zero or positive. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseRatio(a);
  const y = parseRatio(b);
  if (!x || !y) throw new Error(`not quantities: ${a}, ${b}`);
  const diff = x.num * y.den - y.num * x.den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
