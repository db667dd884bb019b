import type { FastifyInstance } from 'fastify';
import type { NoticesService } from '../notices/notices.service.ts';

/**
 * Routes for browser tests only, added when TEST_HOOKS=true (refused in production): browser
 * tests cannot wait ten working days, so the 公示 period job runs as of a later date.
 */
export function testRoutes(app: FastifyInstance, deps: { notices: Pick<NoticesService, 'closeEndedPeriods'> }): void {
  app.post<{ Body: { asOf: string } }>(
    '/__test/notice-periods/close',
    { schema: { body: { type: 'object', properties: { asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } }, required: ['asOf'] } } },
    async (request) => deps.notices.closeEndedPeriods(request.body.asOf),
  );
}
