import { usageError } from '../errors.js';

/** sun_path holds 108 bytes with the closing NUL: a longer path cannot be connected to as given. */
export const MAX_UNIX_SOCKET_PATH_BYTES = 107;

/** A --unix-socket path the kernel can address; never one it would cut to a different socket. */
export function checkUnixSocketPath(path: string): void {
  if (path === '') throw usageError('--unix-socket: the path is empty');
  if (path.includes('\0')) throw usageError('--unix-socket: the path contains a NUL byte');
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_UNIX_SOCKET_PATH_BYTES) {
    throw usageError(`--unix-socket: the path is ${bytes} bytes, longer than the ${MAX_UNIX_SOCKET_PATH_BYTES} a Unix socket address holds (use a shorter path or a symlink to the directory)`);
  }
}
