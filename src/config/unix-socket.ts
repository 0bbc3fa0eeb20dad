import { usageError } from '../base/errors.js';

/** sun_path holds 108 bytes with the closing NUL: a longer path cannot be connected to as given. */
export const MAX_UNIX_SOCKET_PATH_BYTES = 107;

/**
 * A --unix-socket path the kernel can address; never one it would cut short, which would
 * connect to whatever socket sits at the shorter path. `from` names the flag or the variable.
 */
export function checkUnixSocketPath(path: string, from = '--unix-socket'): void {
  if (path === '') throw usageError(`${from}: the path is empty`);
  if (path.includes('\0')) throw usageError(`${from}: the path contains a NUL byte`);
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_UNIX_SOCKET_PATH_BYTES) {
    throw usageError(`${from}: the path is ${bytes} bytes, longer than the ${MAX_UNIX_SOCKET_PATH_BYTES} a Unix socket address holds (use a shorter path or a symlink to the directory)`);
  }
}
