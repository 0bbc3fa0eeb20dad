/** A TCP port as written (digits only): 1–65535, or 0 too where `allowZero` (listen on a free one); null when it is not one. */
export function portOf(text: string, allowZero = false): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 && (port > 0 || allowZero) ? port : null;
}
