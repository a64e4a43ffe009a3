// Tag rules (DESIGN.md §3.3): ≤ 20 tags, each 1–32 of [a-z0-9_-] after
// lower-casing and trimming, duplicates merged, order kept.

export const MAX_TAGS = 20;
export const TAG_RE = /^[a-z0-9_-]{1,32}$/;

/** User text → tag form ("Home Office " → "home-office"); may still be invalid. */
export function normalizeTag(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '-').replace(/^#/, '');
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** Why `text` cannot be added to `current`, or null when it can. */
export function tagProblem(text: string, current: readonly string[]): string | null {
  const tag = normalizeTag(text);
  if (!tag) return 'Type a tag first.';
  if (tag.length > 32) return 'A tag has at most 32 characters.';
  if (!isValidTag(tag)) return 'Tags use only a–z, 0–9, "-" and "_".';
  if (!current.includes(tag) && current.length >= MAX_TAGS) return `At most ${MAX_TAGS} tags.`;
  return null;
}

/** Adds the tag(s) in `text` (comma separated) that are valid and new. */
export function addTags(current: readonly string[], text: string): string[] {
  const out = [...current];
  for (const piece of text.split(',')) {
    const tag = normalizeTag(piece);
    if (tag && isValidTag(tag) && !out.includes(tag) && out.length < MAX_TAGS) out.push(tag);
  }
  return out;
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
