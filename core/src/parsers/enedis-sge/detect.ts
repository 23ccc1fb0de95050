/** Format detection of the SGE XML flows: the root element decides, the file name only hints. */

import { binarySignature } from '../text.js';
import type { DetectInput } from '../types.js';
import { xmlRootName } from './xml.js';

/** Confidence when only the file name points to the flow (the content is not readable XML). */
const NAME_ONLY_CONFIDENCE = 0.3;

/**
 * Confidence that a file is the SGE XML flow with this root element: 1 on the root element, 0 for
 * XML with another root, and a low value for an unreadable head whose name carries the flow code
 * (an archive or an encrypted file, which the server opens before detection).
 */
export function detectSgeXml(input: DetectInput, rootName: string, nameMarker: RegExp): number {
  const root = xmlRootName(input.head);
  if (root !== null) return root === rootName ? 1 : 0;
  const nameMatches = nameMarker.test(`_${input.fileName}_`);
  if (!nameMatches) return 0;
  const text = input.head.replace(/^\uFEFF/, '').trimStart();
  const looksLikeText = binarySignature(input.headBytes) === null && /^[<{["\w]/.test(text);
  return looksLikeText ? 0 : NAME_ONLY_CONFIDENCE;
}
