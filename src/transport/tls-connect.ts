// Loaded with import() only for https targets, so plain http probes never load node:tls.
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { connect, createSecureContext, type ConnectionOptions, type SecureContext, type TLSSocket } from 'node:tls';
import { formatBytes } from '../base/bytes.js';
import { HealthctlError, usageError } from '../base/errors.js';
import { ignoreError, isIpLiteral, type Connected } from './connect.js';
import { runStage, type Budget } from './deadline.js';
import { errorCode, tlsFailure } from './net-errors.js';
import type { TlsOptions } from './types.js';

/** PEM files are a few KiB; even a bundle of every public CA is about 200 KiB. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

/**
 * Reads --cacert/--cert/--key once per check (redirects reuse it). An unreadable, oversized or
 * invalid file, or one that is not a regular file, is a usage error naming the flag. --cacert
 * replaces the default CAs, as curl's --cacert does. Null when the defaults apply.
 */
export async function loadTlsContext(options: TlsOptions): Promise<SecureContext | null> {
  if (options.key !== null && options.cert === null) throw usageError(`--key ${options.key} needs --cert`);
  const [ca, cert, keyFile] = await Promise.all([
    readFlagFile('--cacert', options.cacert),
    readFlagFile('--cert', options.cert),
    readFlagFile('--key', options.key),
  ]);
  if (ca !== null && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw usageError(`--cacert ${options.cacert ?? ''} holds no PEM certificate`);
  }
  // Without --key the private key is expected in the --cert file, as curl does.
  if (cert !== null && keyFile === null && !cert.includes('PRIVATE KEY-----')) {
    throw usageError(`--cert ${options.cert ?? ''} holds no private key: pass --key`);
  }
  const key = keyFile ?? cert;
  if (ca === null && cert === null) return null;
  try {
    return createSecureContext({
      ...(ca === null ? {} : { ca }),
      ...(cert === null ? {} : { cert }),
      ...(key === null ? {} : { key }),
    });
  } catch (error) {
    const flags = [flagText('--cacert', options.cacert), flagText('--cert', options.cert), flagText('--key', options.key)];
    throw new HealthctlError('usage', `invalid TLS file (${flags.filter((f) => f !== '').join(', ')}): ${readableReason(error)}`, {
      cause: error,
    });
  }
}

function flagText(flag: string, path: string | null): string {
  return path === null ? '' : `${flag} ${path}`;
}

function readableReason(error: unknown): string {
  if (error instanceof Error && 'reason' in error && typeof error.reason === 'string') return error.reason;
  return error instanceof Error ? error.message : 'unreadable';
}

/** A regular file of at most MAX_TLS_FILE_BYTES: never a device that never ends (/dev/zero) nor a FIFO that never answers. */
async function readFlagFile(flag: string, path: string | null): Promise<Buffer | null> {
  if (path === null) return null;
  let handle: FileHandle;
  try {
    // Non-blocking: opening a FIFO that has no writer would otherwise hold a thread no deadline can free.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(flag, path, error);
  }
  try {
    const kind = fileKind(await handle.stat());
    if (kind !== null) throw usageError(`${flag} ${path} is ${kind}, not a file: give the path of a PEM file`);
    const bytes = await readAtMost(handle, MAX_TLS_FILE_BYTES);
    if (bytes === null) throw usageError(`${flag} ${path} is larger than ${formatBytes(MAX_TLS_FILE_BYTES)}: not a PEM file`);
    return bytes;
  } catch (error) {
    throw error instanceof HealthctlError ? error : unreadable(flag, path, error);
  } finally {
    await handle.close();
  }
}

function fileKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO or pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a socket or another special file';
}

function unreadable(flag: string, path: string, error: unknown): HealthctlError {
  return new HealthctlError('usage', `cannot read ${flag} ${path}: ${errorCode(error) ?? 'unreadable'}`, { cause: error });
}

/** The whole file, or null past `cap` bytes; the size stat() gives is not trusted (/proc files say 0). */
async function readAtMost(handle: FileHandle, cap: number): Promise<Buffer | null> {
  const buffer = Buffer.allocUnsafe(cap + 1);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
    if (total > cap) return null;
  }
}

export interface TlsTarget {
  /** The name the certificate must carry (URL host or --servername); also sent as SNI unless an IP. */
  verifyName: string;
  insecure: boolean;
  context: SecureContext | null;
}

/** Runs the TLS handshake over an open socket; verification failures are `unreachable`, phase `tls`. */
export async function startTls(connected: Connected, target: TlsTarget, budget: Budget): Promise<TLSSocket> {
  const { socket, address } = connected;
  const started = performance.now();
  const secure = await runStage(budget, { phase: 'tls', address }, (control) =>
    new Promise<TLSSocket>((resolve, reject) => {
      const tlsSocket = connect(tlsOptions(connected, target));
      tlsSocket.on('error', ignoreError);
      control.onCancel(() => {
        tlsSocket.destroy();
        socket.destroy();
      });
      const onError = (error: unknown): void => {
        tlsSocket.destroy();
        reject(tlsFailure(error, address, budget.clock.snapshot()));
      };
      tlsSocket.once('error', onError);
      tlsSocket.once('secureConnect', () => {
        tlsSocket.off('error', onError);
        resolve(tlsSocket);
      });
    }),
  );
  budget.clock.add('tls', performance.now() - started);
  return secure;
}

function tlsOptions(connected: Connected, target: TlsTarget): ConnectionOptions {
  const name = target.verifyName.startsWith('[') ? target.verifyName.slice(1, -1) : target.verifyName;
  return {
    socket: connected.socket,
    // `host` is the name checked against the certificate; SNI must not carry an IP (RFC 6066).
    host: name,
    ...(isIpLiteral(name) ? {} : { servername: name }),
    rejectUnauthorized: !target.insecure,
    ...(target.context === null ? {} : { secureContext: target.context }),
  };
}
