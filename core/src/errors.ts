/**
 * Stable error codes shared by the API and the web app. The web app turns each code into a French
 * sentence through the `errors.<code>` keys of its catalogue, so a code never changes meaning.
 */
export const ERROR_CODES = [
  'validation-failed',
  'unauthenticated',
  'invalid-credentials',
  'account-locked',
  'account-disabled',
  'csrf-failed',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
  'password-too-weak',
  'password-incorrect',
  'last-admin',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every API error response. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    /** French message for users, already built from the code and the parameters. */
    message: string;
    params?: Record<string, string | number>;
    /** Field-level problems of a rejected request body or query, keyed by field path. */
    fields?: Record<string, string>;
    requestId?: string;
  };
}
