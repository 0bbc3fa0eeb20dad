import { Metadata, type ChannelOptions } from '@grpc/grpc-js';
import { usageError } from '../base/errors.js';

/**
 * `-H` headers as gRPC metadata. `User-Agent` and `Host` are HTTP/2 headers gRPC sets itself,
 * so they become channel options. Errors name the header, never its value.
 */
export function headersToMetadata(headers: ReadonlyArray<readonly [string, string]>): { metadata: Metadata; channel: ChannelOptions } {
  const metadata = new Metadata();
  const channel: ChannelOptions = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (key === 'user-agent') {
      channel['grpc.primary_user_agent'] = value;
      continue;
    }
    if (key === 'host') {
      channel['grpc.default_authority'] = value;
      continue;
    }
    if (!/^[0-9a-z_.-]+$/.test(key) || key.startsWith('grpc-')) {
      throw usageError(`--header ${name}: not usable as gRPC metadata (names are lower-case letters, digits, '_', '.', '-', and not grpc-*)`);
    }
    if (key.endsWith('-bin')) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw usageError(`--header ${name}: a -bin metadata value must be base64`);
      metadata.add(key, Buffer.from(value, 'base64'));
    } else {
      if (!/^[ -~]*$/.test(value)) throw usageError(`--header ${name}: the value must be printable ASCII for gRPC metadata`);
      metadata.add(key, value);
    }
  }
  return { metadata, channel };
}
