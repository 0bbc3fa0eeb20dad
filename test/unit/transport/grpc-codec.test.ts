import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCheckRequest,
  decodeCheckResponse,
  decodeListResponse,
  encodeCheckRequest,
  encodeCheckResponse,
  encodeListRequest,
  encodeListResponse,
  ProtobufError,
} from '../../../src/transport/grpc-codec.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe('grpc.health.v1 codec: the bytes protoc produces', () => {
  it('HealthCheckRequest: the whole server is an empty message, a service is field 1', () => {
    expect(hex(encodeCheckRequest(''))).toBe('');
    expect(hex(encodeCheckRequest('a.A'))).toBe('0a03612e41');
    expect(hex(encodeListRequest())).toBe('');
  });

  it('HealthCheckResponse: UNKNOWN is the default (empty), SERVING is 08 01, a negative enum is ten bytes', () => {
    expect(hex(encodeCheckResponse(0))).toBe('');
    expect(hex(encodeCheckResponse(1))).toBe('0801');
    expect(hex(encodeCheckResponse(-1))).toBe('08ffffffffffffffffff01');
    expect(decodeCheckResponse(Buffer.from('08ffffffffffffffffff01', 'hex'))).toBe(-1);
    expect(decodeCheckResponse(Buffer.alloc(0))).toBe(0);
  });

  it('HealthListResponse: one map entry per service, {key = 1, value = 2}', () => {
    const bytes = encodeListResponse(new Map([['', 1], ['b', 2]]));
    expect(hex(bytes)).toBe('0a04120208010a070a016212020802');
    expect(decodeListResponse(bytes)).toEqual(new Map([['', 1], ['b', 2]]));
  });

  it('skips unknown fields of every wire type a newer server may add', () => {
    // field 2 varint, field 3 fixed64, field 4 bytes, field 5 fixed32, then status = 2
    const bytes = Buffer.from('1005' + '19' + '0102030405060708' + '2202abcd' + '2d01020304' + '0802', 'hex');
    expect(decodeCheckResponse(bytes)).toBe(2);
  });

  it.each([
    ['a truncated varint', '08ff'],
    ['a length past the end', '0a05616263'],
    ['a truncated fixed64', '190102'],
    ['a group (wire type 3)', '0b'],
    ['field number 0', '0001'],
    ['invalid UTF-8 in a string', '0a02c328'],
    ['a varint longer than 10 bytes', '08ffffffffffffffffffff01'],
  ])('rejects %s with a ProtobufError', (_name, bytes) => {
    const buf = Buffer.from(bytes, 'hex');
    expect(() => decodeCheckRequest(buf)).toThrow(ProtobufError);
  });
});

describe('grpc.health.v1 codec: properties', () => {
  it('every service name round-trips', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (service) => decodeCheckRequest(encodeCheckRequest(service)) === service));
  });

  it('every int32 status round-trips', () => {
    fc.assert(fc.property(int32, (status) => decodeCheckResponse(encodeCheckResponse(status)) === status));
  });

  it('every map of services round-trips through List', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary-ascii', maxLength: 32 }), int32), (record) => {
        const statuses = new Map(Object.entries(record));
        expect(decodeListResponse(encodeListResponse(statuses))).toEqual(statuses);
      }),
    );
  });

  it('arbitrary bytes decode or fail with a ProtobufError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const decode of [decodeCheckRequest, decodeCheckResponse, decodeListResponse]) {
          try {
            decode(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(ProtobufError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid message with random bytes appended as an unknown length-delimited field still decodes', () => {
    fc.assert(
      fc.property(int32, fc.uint8Array({ maxLength: 40 }), (status, junk) => {
        const extra = Buffer.concat([Buffer.from([0x7a, junk.length]), junk]);
        expect(decodeCheckResponse(Buffer.concat([extra, encodeCheckResponse(status)]))).toBe(status);
      }),
    );
  });
});
