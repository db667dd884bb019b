import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.ts';
import { insertIdpUser } from '../auth/idp/idp-users.writes.ts';
import { hashPassword } from '../auth/idp/passwords.ts';
import type { DB } from '../db/schema.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { DEMO_PASSWORD } from '../seed.ts';

/**
 * Routes for browser tests only, added when TEST_HOOKS=true (refused in production): browser
 * tests cannot wait ten working days, so the 公示 period job runs as of a later date; and each
 * journey logs its staff in with accounts of its own, so no journey waits for the next 动态口令
 * step of an account another journey has just used, and journeys can run side by side.
 */
export function testRoutes(app: FastifyInstance, deps: { db: Kysely<DB>; notices: Pick<NoticesService, 'closeEndedPeriods'> }): void {
  app.post<{ Body: { asOf: string; numbers?: string[] } }>(
    '/__test/notice-periods/close',
    {
      schema: {
        body: {
          type: 'object',
          properties: { asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, numbers: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 50 } },
          required: ['asOf'],
        },
      },
    },
    // `numbers`: only the 公示 of these cases, so one journey never closes another's period.
    async (request) => deps.notices.closeEndedPeriods(request.body.asOf, request.body.numbers ? { applicationNumbers: request.body.numbers } : undefined),
  );

  let passwordHash: Promise<string> | undefined;
  app.post<{ Body: { role: StaffRole; name: string } }>(
    '/__test/staff',
    {
      schema: {
        body: {
          type: 'object',
          properties: { role: { type: 'string', enum: Object.keys(STAFF_ROLES) }, name: { type: 'string', minLength: 1, maxLength: 20 } },
          required: ['role', 'name'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      passwordHash ??= hashPassword(DEMO_PASSWORD);
      const username = `${request.body.role}${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
      const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      await insertIdpUser(deps.db, { id: crypto.randomUUID(), kind: 'staff', username, mobile, passwordHash: await passwordHash, profile: { name: request.body.name }, roles: [request.body.role] });
      return reply.code(201).send({ username, password: DEMO_PASSWORD });
    },
  );
}
