import { ERROR_CODES } from '@openfluides/core';
import { z } from 'zod';

/** Database ids travel as decimal strings because bigint does not fit a JSON number. */
export const idSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'identifiant numérique attendu');

export const idParam = z.object({ id: idSchema });

/** First and last years a date of the API may carry: the estate's data lie far inside them. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

/** Paris calendar day `YYYY-MM-DD`, between the years 1900 and 2199. */
export const localDateSchema = z.iso
  .date('date attendue au format AAAA-MM-JJ')
  .refine(
    (date) => Number(date.slice(0, 4)) >= FIRST_YEAR && Number(date.slice(0, 4)) <= LAST_YEAR,
    `date attendue entre ${FIRST_YEAR} et ${LAST_YEAR}`,
  );

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    fields: z.record(z.string(), z.string()).optional(),
    requestId: z.string().optional(),
  }),
});

/** Error responses that every authenticated route may return, for the OpenAPI document. */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
} as const;
