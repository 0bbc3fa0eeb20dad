// Loaded with grpc.ts, only for grpcs:// targets.
import type { Socket } from 'node:net';
import { checkServerIdentity, connect, type SecureContext } from 'node:tls';
import { CallCredentials, ChannelCredentials } from '@grpc/grpc-js';
import { isIpLiteral } from './connect.js';

type SecureConnector = ReturnType<ChannelCredentials['_createSecureConnector']>;

/**
 * grpcs:// as grpc-js's own TLS credentials do it (ALPN h2, the certificate checked against the
 * host or --servername), except that an IP address is never sent as the TLS server name:
 * RFC 6066 forbids it, Node warns about it on every probe and Bun refuses the connection.
 */
export class GrpcTlsCredentials extends ChannelCredentials {
  readonly #context: SecureContext | null;
  readonly #rejectUnauthorized: boolean;
  /** The name the certificate must carry: --servername, else the target's host. */
  readonly #name: string;

  constructor(options: { context: SecureContext | null; rejectUnauthorized: boolean; name: string }) {
    super();
    this.#context = options.context;
    this.#rejectUnauthorized = options.rejectUnauthorized;
    this.#name = options.name.replace(/^\[|\]$/g, '');
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(): SecureConnector {
    const name = this.#name;
    const options = {
      ...(this.#context === null ? {} : { secureContext: this.#context }),
      ...(isIpLiteral(name) ? {} : { servername: name }),
      rejectUnauthorized: this.#rejectUnauthorized,
      checkServerIdentity: (_host: string, cert: Parameters<typeof checkServerIdentity>[1]) => checkServerIdentity(name, cert),
      ALPNProtocols: ['h2'],
    };
    return {
      connect: (socket: Socket) =>
        new Promise((resolve, reject) => {
          const tlsSocket = connect({ ...options, socket }, () => {
            if (options.rejectUnauthorized && !tlsSocket.authorized) reject(tlsSocket.authorizationError);
            else resolve({ socket: tlsSocket, secure: true });
          });
          tlsSocket.on('error', reject);
        }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => CallCredentials.createEmpty(),
      destroy: () => {},
    };
  }
}
