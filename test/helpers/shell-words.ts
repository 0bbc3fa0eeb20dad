/**
 * Splits a command line into words as a POSIX shell would for the simple commands docs show:
 * plain words, 'single quotes', "double quotes" (with \" and \\). Anything a shell would
 * interpret instead ($, `, |, ;, &, <, >, a comment) is an error, so a doc's command is either
 * run exactly as written or the test says why it cannot be.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = '';
      for (i += 1; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i += 1;
        else if (line[i] === '$' || line[i] === '`') throw new Error(`a shell would expand ${line[i] ?? ''} in: ${line}`);
        text += line[i] ?? '';
      }
      if (i >= line.length) throw new Error(`unterminated " in: ${line}`);
      word = (word ?? '') + text;
    } else if ('$`|;&<>#\\'.includes(c) && !(c === '#' && word !== null)) {
      throw new Error(`a shell would interpret ${c} in: ${line}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
