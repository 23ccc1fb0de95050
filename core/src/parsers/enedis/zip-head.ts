/**
 * Reading of small members at the start of a zip archive from its first bytes alone, so that
 * format detection can look inside an .xlsx file (sheet names, shared strings) without the whole
 * file. Members are found by walking the local file headers from offset 0.
 */

import { inflateSync } from 'fflate';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_LENGTH = 30;
/** Largest member inflated, uncompressed: detection only needs small XML parts. */
const MAX_MEMBER_BYTES = 512 * 1024;

function uint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8);
}

function uint32(bytes: Uint8Array, offset: number): number {
  return (uint16(bytes, offset) | (uint16(bytes, offset + 2) << 16)) >>> 0;
}

/**
 * Returns the text of the named members that lie wholly inside `bytes`. Stops at the first
 * member whose sizes are only given after its data (general-purpose flag bit 3), since the next
 * header cannot be found without inflating it.
 */
export function readZipHeadMembers(bytes: Uint8Array, names: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  let offset = 0;
  while (offset + LOCAL_HEADER_LENGTH <= bytes.length && found.size < names.size) {
    if (uint32(bytes, offset) !== LOCAL_HEADER_SIGNATURE) break;
    const flags = uint16(bytes, offset + 6);
    const method = uint16(bytes, offset + 8);
    const compressedSize = uint32(bytes, offset + 18);
    const uncompressedSize = uint32(bytes, offset + 22);
    const nameLength = uint16(bytes, offset + 26);
    const extraLength = uint16(bytes, offset + 28);
    const nameStart = offset + LOCAL_HEADER_LENGTH;
    const dataStart = nameStart + nameLength + extraLength;
    if ((flags & 0x08) !== 0 || dataStart + compressedSize > bytes.length) break;
    const name = decoder.decode(bytes.subarray(nameStart, nameStart + nameLength));
    if (names.has(name) && uncompressedSize <= MAX_MEMBER_BYTES) {
      const data = bytes.subarray(dataStart, dataStart + compressedSize);
      try {
        if (method === 0) found.set(name, decoder.decode(data));
        else if (method === 8) {
          found.set(name, decoder.decode(inflateSync(data, { out: new Uint8Array(uncompressedSize) })));
        }
      } catch {
        // A damaged member only means it cannot help detection.
      }
    }
    offset = dataStart + compressedSize;
  }
  return found;
}
