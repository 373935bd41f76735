/** One line of an edit script: kept (' '), removed ('-') or added ('+'). */
export interface LineEdit {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/**
 * A shortest edit script from `a` to `b` (Myers' O((N+M)D) algorithm): the same
 * hunks `diff -u` and git show for small edits, without a dependency.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back from (n, m) through the saved frontiers.
  const edits: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : frontier[offset + previousK];
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      edits.push({ op: ' ', text: a[--x] });
      y--;
    }
    if (d > 0) {
      if (x === previousX) edits.push({ op: '+', text: b[--y] });
      else edits.push({ op: '-', text: a[--x] });
    }
  }
  return edits.reverse();
}

/** Unified diff hunks (`@@ -1,4 +1,5 @@` and their lines) with `context` unchanged lines around each change. */
export function unifiedHunks(a: readonly string[], b: readonly string[], context = 3): string[] {
  const edits = diffLines(a, b);
  const changed = edits.map((edit, index) => (edit.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return [];
  // Group changes whose context would touch or overlap.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last[1] <= 2 * context + 1) last[1] = index;
    else groups.push([index, index]);
  }
  // Line numbers (1-based) in a and b before each edit.
  const aLine: number[] = [];
  const bLine: number[] = [];
  let i = 1;
  let j = 1;
  for (const edit of edits) {
    aLine.push(i);
    bLine.push(j);
    if (edit.op !== '+') i++;
    if (edit.op !== '-') j++;
  }
  const lines: string[] = [];
  for (const [first, last] of groups) {
    const start = Math.max(0, first - context);
    const end = Math.min(edits.length - 1, last + context);
    const slice = edits.slice(start, end + 1);
    const aCount = slice.filter((edit) => edit.op !== '+').length;
    const bCount = slice.filter((edit) => edit.op !== '-').length;
    lines.push(`@@ -${range(aLine[start], aCount)} +${range(bLine[start], bCount)} @@`);
    for (const edit of slice) lines.push(`${edit.op}${edit.text}`);
  }
  return lines;
}

/** `start,count` as diff -u writes it: `,1` left out, and an empty range starts at the line before. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
