import { ERROR_CODES, type ErrorCode } from '@openfluides/core';

/** Error codes that only the web app raises, for failures that never reach the server's handler. */
export type ClientErrorCode = 'network-failed' | 'unexpected-response';

/** Failed API call, carrying the stable code and details of the server's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly params: Record<string, string | number>;
  readonly fields: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(options: {
    status: number;
    code: ErrorCode | ClientErrorCode;
    message: string;
    params?: Record<string, string | number> | undefined;
    fields?: Record<string, string> | undefined;
    requestId?: string | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.params = options.params ?? {};
    this.fields = options.fields ?? {};
    this.requestId = options.requestId;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const SAFE_METHODS = new Set<HttpMethod>(['GET']);

/** Path of the sign-in route, whose 401 responses mean wrong credentials rather than an expired session. */
const LOGIN_PATH = '/auth/login';

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** Stores the CSRF token that `POST /api/auth/login` and `GET /api/me` return, for state changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers the function called when any API call other than sign-in returns 401. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

/** Builds a same-origin API URL, leaving out empty query values. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const queryString = search.toString();
  return `/api${path}${queryString ? `?${queryString}` : ''}`;
}

/**
 * Sends a JSON request to the API and returns the decoded body, or `undefined` for 204 responses.
 * Throws an `ApiError` for every failure, including network errors.
 */
export async function apiRequest<T>(
  method: HttpMethod,
  path: string,
  options: {
    body?: unknown;
    /** File sent as the raw request body instead of JSON, such as an Excel workbook. */
    file?: { content: Blob; mediaType: string };
    query?: Record<string, QueryValue>;
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let requestBody: BodyInit | null = null;
  if (options.file) {
    headers['content-type'] = options.file.mediaType;
    requestBody = options.file.content;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    requestBody = JSON.stringify(options.body);
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: requestBody,
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network-failed', message: String(error) });
  }

  if (response.status === 401 && path !== LOGIN_PATH) unauthenticatedHandler?.();
  if (response.status === 204) return undefined as T;

  const body = await readJson(response);
  if (!response.ok) throw toApiError(response.status, body);
  if (body === undefined) {
    throw new ApiError({
      status: response.status,
      code: 'unexpected-response',
      message: 'Response body is not JSON',
    });
  }
  return body as T;
}

/**
 * Sends a JSON request whose successful response is a file, such as a CSV export, and returns its
 * bytes with the file name of the `content-disposition` header. Throws an `ApiError` like `apiRequest`.
 */
export async function apiDownload(
  method: HttpMethod,
  path: string,
  options: { body?: unknown; query?: Record<string, QueryValue> } = {},
): Promise<{ blob: Blob; fileName: string }> {
  const headers: Record<string, string> = { accept: '*/*' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError({ status: 0, code: 'network-failed', message: String(error) });
  }

  if (response.status === 401 && path !== LOGIN_PATH) unauthenticatedHandler?.();
  if (!response.ok) throw toApiError(response.status, await readJson(response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
  return { blob: await response.blob(), fileName };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns an error response into an `ApiError`, accepting bodies that do not follow the documented shape. */
function toApiError(status: number, body: unknown): ApiError {
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: Record<string, unknown> }).error
      : undefined;
  if (!error || !isErrorCode(error.code)) {
    return new ApiError({
      status,
      code: status >= 500 ? 'internal' : 'unexpected-response',
      message: `HTTP ${status} response without an OpenFluides error body`,
    });
  }
  return new ApiError({
    status,
    code: error.code,
    message: typeof error.message === 'string' ? error.message : error.code,
    params: error.params as Record<string, string | number> | undefined,
    fields: error.fields as Record<string, string> | undefined,
    requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
  });
}
