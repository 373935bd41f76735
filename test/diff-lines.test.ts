import { diffLines, unifiedHunks } from '../charts/validate/line-diff';

const lines = (text: string) => text.split(' ');

/** Length of a longest common subsequence, by dynamic programming: the yardstick for a shortest script. */
function lcs(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const current = [0];
    b.forEach((y, j) => current.push(x === y ? previous[j] + 1 : Math.max(previous[j + 1], current[j])));
    previous = current;
  }
  return previous[b.length];
}

/** A small deterministic generator (mulberry32), so the random cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('diffLines', () => {
  test('keeps equal sequences as they are', () => {
    expect(diffLines(lines('a b c'), lines('a b c')).map((edit) => edit.op).join('')).toBe('   ');
  });

  test('handles empty sides', () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines([], ['a'])).toEqual([{ op: '+', text: 'a' }]);
    expect(diffLines(['a'], [])).toEqual([{ op: '-', text: 'a' }]);
  });

  test('finds a shortest edit script that turns one side into the other', () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const make = () => Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]);
      const a = make();
      const b = make();
      const edits = diffLines(a, b);
      expect(edits.filter((edit) => edit.op !== '+').map((edit) => edit.text)).toEqual(a);
      expect(edits.filter((edit) => edit.op !== '-').map((edit) => edit.text)).toEqual(b);
      expect(edits.filter((edit) => edit.op !== ' ')).toHaveLength(a.length + b.length - 2 * lcs(a, b));
    }
  });
});

describe('unifiedHunks', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

  test('nothing for equal files', () => {
    expect(unifiedHunks(before, before)).toEqual([]);
  });

  test('one change with three lines of context, numbered as diff -u numbers it', () => {
    const after = before.map((line) => (line === 'line 10' ? 'line ten' : line));
    expect(unifiedHunks(before, after)).toEqual([
      '@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' line 13',
    ]);
  });

  test('distant changes make separate hunks, near ones share one', () => {
    const distant = before.map((line) => (line === 'line 2' || line === 'line 19' ? `${line}!` : line));
    expect(unifiedHunks(before, distant).filter((line) => line.startsWith('@@'))).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
    const near = before.map((line) => (line === 'line 5' || line === 'line 11' ? `${line}!` : line));
    expect(unifiedHunks(before, near).filter((line) => line.startsWith('@@'))).toEqual(['@@ -2,13 +2,13 @@']);
  });

  test('an insertion at the end and a file created from nothing', () => {
    expect(unifiedHunks(['a', 'b'], ['a', 'b', 'c'])).toEqual(['@@ -1,2 +1,3 @@', ' a', ' b', '+c']);
    expect(unifiedHunks([], ['a', 'b'])).toEqual(['@@ -0,0 +1,2 @@', '+a', '+b']);
    expect(unifiedHunks(['a'], ['b'])).toEqual(['@@ -1 +1 @@', '-a', '+b']);
  });
});
