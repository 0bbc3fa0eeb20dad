/** Cut text to at most `maxBytes` of UTF-8, on a character boundary, marking the cut. */
export function capBytes(text: string, maxBytes: number | null): string {
  if (maxBytes === null || Buffer.byteLength(text) <= maxBytes) return text;
  const marker = '\n…(output cut to fit the runtime)\n';
  const room = maxBytes - Buffer.byteLength(marker);
  const bytes = Buffer.from(text).subarray(0, Math.max(0, room));
  // Drop a partial multi-byte character left at the end of the slice.
  let cut = bytes.toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  while (Buffer.byteLength(cut) > room) cut = cut.slice(0, -1);
  return cut + marker;
}
