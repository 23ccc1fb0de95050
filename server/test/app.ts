import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { createTestDatabase, testLogger } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database & { url: string };
  services: Awaited<ReturnType<typeof buildApp>>['services'];
}

/** Builds the real app over a fresh migrated database for one test file. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const { app, services } = await buildApp({
    config: { cookieSecure: 'never', sessionTtlHours: 12, trustProxy: false, webDistDir: '/nonexistent' },
    database,
    logger: testLogger,
  });
  await app.ready();
  afterAll(() => app.close());
  return { app, database, services };
}

/** A signed-in client: sends the session cookie and the CSRF header like the web app does. */
export interface Client {
  cookie: string;
  csrfToken: string;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<Client> {
  // Each test login comes from its own loopback address so that the per-address rate limit of
  // the login route never trips over the test suite itself.
  const remoteAddress = `127.${randomOctet()}.${randomOctet()}.${randomOctet()}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress,
  });
  if (response.statusCode !== 200) {
    throw new Error(`Login of ${email} failed with ${response.statusCode}: ${response.body}`);
  }
  const sessionCookie = response.cookies.find((candidate) => candidate.name === 'of_session');
  if (!sessionCookie) throw new Error('Login response set no of_session cookie');
  const cookie = `of_session=${sessionCookie.value}`;
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrfToken,
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }) },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

function randomOctet(): number {
  return 1 + Math.floor(Math.random() * 254);
}
