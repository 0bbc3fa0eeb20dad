// The channel of one gRPC health check: where it connects, as whom, and what it reports of its progress.
import { ChannelCredentials, credentials, type ChannelOptions } from '@grpc/grpc-js';
import { formatAddress, formatUnixAddress } from '../base/addresses.js';
import { GrpcTlsCredentials } from './grpc-tls.js';
import type { TlsOptions } from './types.js';

/** The largest message read: Check answers are a few bytes; a List of thousands of services still fits. */
export const MAX_RECEIVE_BYTES = 256 * 1024;

export interface ChannelPlace {
  /** Host of the URL: the address over TCP, only the `:authority` and TLS name over a Unix socket. */
  host: string;
  /** null when the URL names none: allowed over a Unix socket; grpcs:// over TCP then means 443. */
  port: number | null;
  unixSocket: string | null;
  /** An IP address to dial instead of the host, which then is only the `:authority` and TLS name. */
  connectTo?: string | null;
  tls: TlsOptions | null;
}

/** What grpc-js dials, and the address messages name (`127.0.0.1:50051`, `unix:/run/containerd/containerd.sock`). */
export function channelTarget(place: ChannelPlace): { target: string; address: string } {
  if (place.unixSocket !== null) return { target: `unix:${place.unixSocket}`, address: formatUnixAddress(place.unixSocket) };
  const address = formatAddress(place.connectTo ?? place.host, place.port ?? 443);
  return { target: address, address };
}

function isLoopback(host: string): boolean {
  const bare = host.toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export function channelOptions(place: ChannelPlace, fromHeaders: ChannelOptions): ChannelOptions {
  const overUnix = place.unixSocket !== null;
  // Dialled elsewhere (a Unix socket, or one address of the name) the URL's host and port are what the server sees as :authority.
  const pinned = overUnix || (place.connectTo ?? null) !== null;
  const authority = pinned ? { 'grpc.default_authority': place.port === null ? place.host : formatAddress(place.host, place.port) } : {};
  return {
    ...authority,
    ...fromHeaders,
    // No DNS TXT lookup for a service config: one health call does not need one.
    'grpc.service_config_disable_resolution': 1,
    'grpc.enable_retries': 0,
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    // Proxy variables are never applied to loopback or Unix-socket targets.
    ...(overUnix || isLoopback(place.connectTo ?? place.host) ? { 'grpc.enable_http_proxy': 0 } : {}),
  };
}

/** Moments of the connection grpc-js makes, so a timeout can name the phase it ran out in. */
export interface ConnectionEvents {
  /** TCP or the Unix socket accepted; a TLS handshake starts now when there is one. */
  onSocket(): void;
  /** The TLS handshake finished (grpcs:// only), with the protocol ALPN agreed on (`h2` for gRPC). */
  onSecured(alpn: string | false): void;
}

type SecureConnector = ReturnType<ChannelCredentials['_createSecureConnector']>;

/** Wraps grpc-js credentials to see the socket before and after its TLS handshake; the handshake itself is grpc-js's. */
class ObservedCredentials extends ChannelCredentials {
  constructor(
    private readonly inner: ChannelCredentials,
    private readonly events: ConnectionEvents,
  ) {
    super();
  }

  override compose(): ChannelCredentials {
    throw new Error('call credentials are not used by a health check');
  }

  _isSecure(): boolean {
    return this.inner._isSecure();
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(...args: Parameters<ChannelCredentials['_createSecureConnector']>): SecureConnector {
    const connector = this.inner._createSecureConnector(...args);
    const secure = this.inner._isSecure();
    return {
      connect: async (socket) => {
        this.events.onSocket();
        const result = await connector.connect(socket);
        if (secure) this.events.onSecured('alpnProtocol' in result.socket && typeof result.socket.alpnProtocol === 'string' ? result.socket.alpnProtocol : false);
        return result;
      },
      waitForReady: () => connector.waitForReady(),
      getCallCredentials: () => connector.getCallCredentials(),
      destroy: () => connector.destroy(),
    };
  }
}

/**
 * Plaintext, or TLS that checks the certificate for --servername, else the URL's host (over a Unix
 * socket too, where grpc-js would check it for `localhost`).
 */
export async function channelCredentials(place: ChannelPlace, events: ConnectionEvents): Promise<ChannelCredentials> {
  const { tls } = place;
  if (tls === null) return new ObservedCredentials(credentials.createInsecure(), events);
  const { loadTlsContext } = await import('./tls-connect.js');
  const context = await loadTlsContext(tls);
  return new ObservedCredentials(new GrpcTlsCredentials({ context, rejectUnauthorized: !tls.insecure, name: tls.servername ?? place.host }), events);
}
