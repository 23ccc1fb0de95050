/**
 * Registry of the file formats the platform imports, and detection of the format of a file.
 * A new format registers by adding its parser to `PARSERS`.
 */

import { bmsCsvParser, bmsXlsxParser } from './bms.js';
import { enedisDataConnectParser, enedisM023Parser, enedisPortalParser } from './enedis/index.js';
import {
  enedisC68Parser,
  enedisR4xParser,
  enedisR50Parser,
  enedisR151Parser,
  enedisR171Parser,
} from './enedis-sge/index.js';
import { grdfAdictParser, grdfPortalParser } from './grdf/index.js';
import { meteoFranceDailyParser } from './meteo-france.js';
import { decodeHead } from './text.js';
import type { DetectInput, FileParser } from './types.js';

export * from './bms.js';
export * from './bms-mapping.js';
export * from './enedis/index.js';
export * from './enedis-sge/index.js';
export * from './grdf/index.js';
export * from './meteo-france.js';
export * from './text.js';
export type { DateOrder } from './timestamps.js';
export * from './types.js';

/** Every registered parser. */
export const PARSERS: FileParser[] = [
  bmsCsvParser,
  bmsXlsxParser,
  meteoFranceDailyParser,
  enedisR50Parser,
  enedisR151Parser,
  enedisR171Parser,
  enedisR4xParser,
  enedisC68Parser,
  grdfAdictParser,
  grdfPortalParser,
  enedisM023Parser,
  enedisDataConnectParser,
  enedisPortalParser,
];

/** Confidence a parser must exceed to be chosen without asking the user. */
export const DETECTION_THRESHOLD = 0.5;
/** Bytes of a file that detection reads. */
export const DETECT_HEAD_BYTES = 64 * 1024;

export interface DetectionCandidate {
  parser: FileParser;
  confidence: number;
}

export type DetectionOutcome =
  | { parser: FileParser; confidence: number }
  | { candidates: DetectionCandidate[]; message: string };

/** Returns the parser registered under a format name, or undefined. */
export function findParser(format: string): FileParser | undefined {
  return PARSERS.find((parser) => parser.format === format);
}

/** Builds what `detect` reads: the file name and its first 64 KB, decoded leniently. */
export function makeDetectInput(fileName: string, bytes: Uint8Array): DetectInput {
  const headBytes = bytes.subarray(0, DETECT_HEAD_BYTES);
  return { fileName, head: decodeHead(headBytes), headBytes };
}

function safeConfidence(parser: FileParser, input: DetectInput): number {
  try {
    const confidence = parser.detect(input);
    return Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  } catch {
    // A detector that fails on odd bytes only means "not this format".
    return 0;
  }
}

/**
 * Picks the format of a file: the parser whose confidence exceeds 0.5 and is strictly the
 * highest. Otherwise returns the candidates, best first, with a French message asking the user
 * to choose the format.
 */
export function detectFormat(input: DetectInput, parsers: readonly FileParser[] = PARSERS): DetectionOutcome {
  const candidates = parsers
    .map((parser) => ({ parser, confidence: safeConfidence(parser, input) }))
    .filter((candidate) => candidate.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence);
  const [best, second] = candidates;
  if (best && best.confidence > DETECTION_THRESHOLD && (!second || second.confidence < best.confidence)) {
    return { parser: best.parser, confidence: best.confidence };
  }
  if (best && second && best.confidence > DETECTION_THRESHOLD && second.confidence === best.confidence) {
    const tied = candidates.filter((candidate) => candidate.confidence === best.confidence);
    return {
      candidates,
      message: `Le format du fichier « ${input.fileName} » est ambigu : il ressemble autant à ${tied.map((candidate) => `« ${candidate.parser.label} »`).join(' qu’à ')}. Choisissez le format de la source au lieu de « auto ».`,
    };
  }
  const hint =
    candidates.length > 0
      ? ` Format le plus proche : « ${candidates[0]?.parser.label} » (${candidates[0]?.parser.format}).`
      : '';
  return {
    candidates,
    message: `Le format du fichier « ${input.fileName} » n’a pas été reconnu.${hint} Choisissez le format de la source au lieu de « auto », ou vérifiez que le fichier est bien un export pris en charge.`,
  };
}
