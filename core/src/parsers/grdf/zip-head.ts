/**
 * Reads one member of a zip archive (an .xlsx workbook) from the first bytes of the file, as
 * format detection sees them, so that detection can look at the workbook's strings.
 */

import { inflateSync } from 'fflate';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x08;
/** Most bytes of a member inflated for detection; strings past this point are not looked at. */
const MAX_MEMBER_BYTES = 4 * 1024 * 1024;

function readUint16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (readUint16(bytes, offset) | (readUint16(bytes, offset + 2) << 16)) >>> 0;
}

function inflateMember(data: Uint8Array, method: number, declaredSize: number): Uint8Array | null {
  if (method === METHOD_STORED) return data.subarray(0, MAX_MEMBER_BYTES);
  if (method !== METHOD_DEFLATE) return null;
  try {
    const size = declaredSize > 0 ? Math.min(declaredSize, MAX_MEMBER_BYTES) : MAX_MEMBER_BYTES;
    // A fixed output buffer bounds the work: fflate truncates what does not fit.
    return inflateSync(data, { out: new Uint8Array(size) });
  } catch {
    // The member is cut by the end of the head bytes, or is not valid deflate data.
    return null;
  }
}

/**
 * Returns the text of the member `name` when its local header and whole content lie within
 * `bytes`, else null. Walks the local headers in order and stops at a member whose size is only
 * given after its data (data-descriptor flag), since the next header cannot be found without it.
 */
export function readZipMemberText(bytes: Uint8Array, name: string): string | null {
  let offset = 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  while (
    offset + LOCAL_HEADER_BYTES <= bytes.length &&
    readUint32(bytes, offset) === LOCAL_HEADER_SIGNATURE
  ) {
    const flags = readUint16(bytes, offset + 6);
    const method = readUint16(bytes, offset + 8);
    const compressedSize = readUint32(bytes, offset + 18);
    const uncompressedSize = readUint32(bytes, offset + 22);
    const nameLength = readUint16(bytes, offset + 26);
    const extraLength = readUint16(bytes, offset + 28);
    const nameStart = offset + LOCAL_HEADER_BYTES;
    const dataStart = nameStart + nameLength + extraLength;
    if (dataStart > bytes.length) return null;
    const memberName = decoder.decode(bytes.subarray(nameStart, nameStart + nameLength));
    const sizeUnknown = (flags & FLAG_DATA_DESCRIPTOR) !== 0 && compressedSize === 0;
    if (memberName === name) {
      const dataEnd = sizeUnknown ? bytes.length : dataStart + compressedSize;
      if (dataEnd > bytes.length) return null;
      const content = inflateMember(
        bytes.subarray(dataStart, dataEnd),
        method,
        sizeUnknown ? 0 : uncompressedSize,
      );
      return content === null ? null : decoder.decode(content);
    }
    if (sizeUnknown) return null;
    offset = dataStart + compressedSize;
  }
  return null;
}
