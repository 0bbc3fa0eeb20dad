/**
 * Breaks one line of plain text into lines of at most `width` characters, at spaces where it
 * can and mid-word where it must, so nothing is cut. `first` prefixes the first line, `rest`
 * every continuation.
 */
export function wrapText(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  let prefix = first;
  let remaining = text;
  for (;;) {
    const room = Math.max(10, width - prefix.length);
    if (remaining.length <= room) {
      out.push(prefix + remaining);
      return out;
    }
    const space = remaining.lastIndexOf(' ', room);
    const cut = space > room / 3 ? space : room;
    out.push(prefix + remaining.slice(0, cut).trimEnd());
    remaining = remaining.slice(cut).trimStart();
    prefix = rest;
    if (remaining === '') return out;
  }
}
