import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../access/scope.js';
import type { SessionUser } from '../access/service.js';
import type { Actor } from '../audit/repository.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by the session hook when the cookie names a live session. */
    sessionUser: SessionUser | null;
  }
}

export const SESSION_COOKIE = 'of_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Hook that rejects requests without a live session. */
export async function requireSession(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.sessionUser) throw new AppError('unauthenticated');
}

/** Hook that admits only platform administrators. */
export async function requireAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.sessionUser) throw new AppError('unauthenticated');
  if (!request.sessionUser.isAdmin) throw new AppError('forbidden', { level: 'platform-admin' });
}

export function sessionOf(request: FastifyRequest): SessionUser {
  if (!request.sessionUser) throw new AppError('unauthenticated');
  return request.sessionUser;
}

export function scopeOf(request: FastifyRequest): Scope {
  const session = sessionOf(request);
  return { userId: session.userId, isAdmin: session.isAdmin };
}

export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.sessionUser?.userId ?? null,
    email: request.sessionUser?.email ?? null,
    ip: request.ip,
    requestId: request.id,
  };
}
