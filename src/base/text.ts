/**
 * `text` cut to at most `max` characters, the last of them `…` when it was cut; never between
 * the two halves of a surrogate pair, which would leave half a character behind.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  const code = text.charCodeAt(keep - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? keep - 1 : keep;
  return `${text.slice(0, end)}…`;
}

/** Text from a server or a library folded to one readable line: runs of whitespace (newlines too) become one space. */
export function oneLine(text: string, max: number): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}
