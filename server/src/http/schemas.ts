import { ERROR_CODES } from '@openfluides/core';
import { z } from 'zod';

/** Database ids travel as decimal strings because bigint does not fit a JSON number. */
export const idSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'identifiant numérique attendu');

export const idParam = z.object({ id: idSchema });

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
