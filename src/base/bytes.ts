/** `1 MiB`, `64 KiB`, `1500 bytes`: exact, so a cap reads as it was configured. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

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
