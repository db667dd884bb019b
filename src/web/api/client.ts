/** Typed JSON client for the app's API: same-origin, CSRF token on state-changing calls. */

import type { ErrorBody, FieldError } from '../../contract/common.ts';
import { isErrorCode, type ApiErrorCode, type ApiErrorDetails, type ErrorCode } from '../../contract/errors.ts';

export type { FieldError } from '../../contract/common.ts';
export type { ApiErrorCode, ErrorCode } from '../../contract/errors.ts';
export type { SessionAccount, SessionInfo } from '../../contract/account.ts';

/**
 * A failed call: the code of the error table (src/contract/errors.ts, docs/api-errors.md) to
 * branch on, its message to show, per-field problems and the code's details. `NETWORK` when the
 * server was not reached, `UNEXPECTED_ANSWER` when something else answered (a proxy's page).
 */
export class ApiError<C extends ApiErrorCode = ApiErrorCode> extends Error {
  constructor(
    readonly status: number,
    readonly code: C,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly details?: ApiErrorDetails<C>,
  ) {
    super(message);
  }
}

/** Whether `error` is an API error of one of `codes`; its details are then those of the code. */
export function isApiError<C extends ErrorCode>(error: unknown, ...codes: C[]): error is ApiError<C> {
  return error instanceof ApiError && (codes as string[]).includes(error.code);
}

/** The error of a failed answer: its body's code when it is one of ours, else UNEXPECTED_ANSWER with `fallback`. */
export function apiErrorOf(res: Response, data: unknown, fallback: string): ApiError {
  const e = (data as Partial<ErrorBody> | undefined)?.error;
  if (!e || !isErrorCode(e.code)) return new ApiError(res.status, 'UNEXPECTED_ANSWER', typeof e?.message === 'string' ? e.message : fallback);
  return new ApiError(res.status, e.code, e.message ?? fallback, e.fieldErrors ?? [], e.details as ApiErrorDetails<ErrorCode> | undefined);
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for a state-changing request made outside `api` (uploads). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** JSON of an answer, when it is JSON. */
export async function jsonOf(res: Response): Promise<unknown> {
  return res.status !== 204 && res.headers.get('content-type')?.includes('application/json') ? res.json() : undefined;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  const data = await jsonOf(res);
  if (!res.ok) throw apiErrorOf(res, data, '系统繁忙，请稍后再试');
  return data as T;
}

/** The staff console logs in at the staff issuer (password + 动态口令), applicants at 统一身份认证. */
export function loginUrl(returnTo: string, screen?: 'register'): string {
  const q = new URLSearchParams({ returnTo });
  if (/^\/(staff|admin)(\/|$|\?)/.test(returnTo)) q.set('audience', 'staff');
  else if (screen) q.set('screen', screen);
  return `/auth/login?${q}`;
}
