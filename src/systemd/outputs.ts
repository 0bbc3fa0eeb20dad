/**
 * A closed stdout or stderr (`healthctl run … | head -1`, a journal that went away) must not
 * end supervision: from now on a failed write is dropped instead of ending the process.
 */
export function dropFailedWrites(streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) stream.on('error', () => {});
}
