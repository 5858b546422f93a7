/**
 * "Did you mean …?" for a mistyped command or option: the known words closest to what was typed,
 * by edit distance with swapped neighbours counted as one edit (`sycn` → `sync`).
 */

/** Edits (insert, delete, replace, swap two neighbours) between two words. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known words close enough to `typed` to be what was meant, closest first (at most `max`):
 * within a quarter of the word's length in edits (at least one, at most two), or words that
 * start with what was typed.
 */
export function closestWords(typed: string, known: readonly string[], max = 3): string[] {
  const wanted = typed.toLowerCase();
  if (!wanted) return [];
  const allowed = Math.min(2, Math.max(1, Math.floor(wanted.length / 4)));
  return known
    .map((word) => {
      const distance = editDistance(wanted, word.toLowerCase());
      const prefix = wanted.length >= 3 && word.toLowerCase().startsWith(wanted);
      return { word, score: prefix ? Math.min(distance, 0.5) : distance };
    })
    .filter((entry) => entry.score <= allowed)
    .sort((x, y) => x.score - y.score || x.word.localeCompare(y.word))
    .slice(0, max)
    .map((entry) => entry.word);
}

/** " Did you mean "a" or "b"?" (with a leading space), or '' when nothing is close. */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((word) => `"${word}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
