// A fast path for writing manifests as YAML: the `yaml` library builds a node tree for
// every value before printing it, two thirds of rendering a fleet. Most manifests are
// maps, lists and words that need no quoting; for those this prints exactly the bytes
// `stringify(value, { lineWidth: 0 })` prints (test/plain-yaml.test.ts holds the two
// together). Anything else (a string that needs quotes or spans lines, a fraction, a
// list of lists) answers undefined, and the caller uses the library.

// A word YAML 1.2 reads back as the same string: no indicator first, no ": " or " #",
// no leading or trailing space, nothing that reads as null, a boolean or a number.
const WORD = /^(?:[A-Za-z0-9_/]|\.\.?\/|-+[A-Za-z])[A-Za-z0-9_./=+:@%&?~-]*(?: [A-Za-z0-9_./=+:@%&?~-]+)*$/;
// What the core schema reads as a number (int, octal, hex, float) or null or a boolean:
// as a string, the library double-quotes it.
const NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const NOT_A_STRING = new Set(['', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~']);
const MAX_KEY = 1000;

function word(text: string): string | undefined {
  if (NUMBER.test(text) || NOT_A_STRING.has(text)) return `"${text}"`;
  if (!WORD.test(text) || text.endsWith(':') || text.includes(': ')) return undefined;
  return text;
}

function scalar(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
  if (typeof value === 'string') return word(value);
  return undefined;
}

type Json = Record<string, unknown>;

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function entriesOf(map: Json): [string, unknown][] {
  return Object.entries(map).filter(([, value]) => value !== undefined);
}

function map(value: Json, indent: string, out: string[]): boolean {
  for (const [key, child] of entriesOf(value)) {
    const text = key.length <= MAX_KEY ? word(key) : undefined;
    if (text === undefined || !entry(`${indent}${text}:`, child, indent, out)) return false;
  }
  return true;
}

function entry(head: string, value: unknown, indent: string, out: string[]): boolean {
  if (isMap(value)) {
    if (entriesOf(value).length === 0) return out.push(`${head} {}`) > 0;
    out.push(head);
    return map(value, `${indent}  `, out);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push(`${head} []`) > 0;
    out.push(head);
    return list(value, `${indent}  `, out);
  }
  const text = scalar(value);
  return text !== undefined && out.push(`${head} ${text}`) > 0;
}

function list(items: readonly unknown[], indent: string, out: string[]): boolean {
  for (const item of items) {
    if (isMap(item)) {
      if (entriesOf(item).length === 0) {
        out.push(`${indent}- {}`);
        continue;
      }
      const lines: string[] = [];
      if (!map(item, `${indent}  `, lines)) return false;
      lines[0] = `${indent}- ${lines[0].slice(indent.length + 2)}`;
      out.push(...lines);
    } else {
      const text = Array.isArray(item) ? undefined : scalar(item);
      if (text === undefined) return false;
      out.push(`${indent}- ${text}`);
    }
  }
  return true;
}

/** The YAML of a manifest, when the fast path can print it exactly; else undefined. */
export function plainYaml(value: unknown): string | undefined {
  if (!isMap(value) || entriesOf(value).length === 0) return undefined;
  const out: string[] = [];
  return map(value, '', out) ? `${out.join('\n')}\n` : undefined;
}
