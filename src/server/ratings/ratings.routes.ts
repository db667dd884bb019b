import type { FastifyInstance } from 'fastify';
import { FOLLOW_UP_METHODS, FOLLOW_UP_NOTE_MAX, FOLLOW_UP_RESPONSES, MEASURES_MAX, RATING_COMMENT_MAX, RATING_LEVELS } from '../../domain/ratings.ts';
import { idParam } from '../http/route-helpers.ts';
import { answeredFromCache, sendHtml, weakEtag } from '../public/public-cache.ts';
import { RATINGS_PATH, ratingsPage } from './ratings.presenter.ts';
import type { RatingInput, RatingsService, RectificationInput } from './ratings.service.ts';

/** Bump when the markup changes, so cached pages are not revalidated as unchanged. */
const RENDER_VERSION = '1';

/**
 * 政务服务好差评: the applicant's rating of an ended case (办事进度), the 负责人's 整改 and 回访
 * (staff console), the statistics (staff console and the public page).
 */
export async function ratingsRoutes(app: FastifyInstance, opts: { ratings: RatingsService }): Promise<void> {
  const { ratings } = opts;

  app.get('/api/ratings/mine', async (request) => ratings.mine(request.session?.account));

  app.get<{ Params: { id: string } }>('/api/progress/:id/rating', { schema: { params: idParam } }, async (request) => ratings.view(request.session?.account, request.params.id));

  app.post<{ Params: { id: string }; Body: RatingInput }>(
    '/api/progress/:id/rating',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: {
            level: { type: 'string', enum: [...RATING_LEVELS] },
            comment: { type: 'string', maxLength: RATING_COMMENT_MAX },
          },
          required: ['level'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await ratings.rate(request.session?.account, request.params.id, request.body, request)),
  );

  app.get('/api/staff/ratings/stats', async (request) => ratings.staffStatistics(request.session?.account));

  app.get<{ Querystring: { status?: 'open' | 'closed' | 'all' } }>(
    '/api/staff/rectifications',
    { schema: { querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'closed', 'all'] } }, additionalProperties: false } } },
    async (request) => ratings.rectifications(request.session?.account, request.query.status),
  );

  app.get<{ Params: { id: string } }>('/api/staff/rectifications/:id', { schema: { params: idParam } }, async (request) =>
    ratings.rectification(request.session?.account, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: RectificationInput }>(
    '/api/staff/rectifications/:id/close',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: {
            measures: { type: 'string', maxLength: MEASURES_MAX },
            followUpOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            followUpMethod: { type: 'string', enum: Object.keys(FOLLOW_UP_METHODS) },
            followUpResponse: { type: 'string', enum: Object.keys(FOLLOW_UP_RESPONSES) },
            followUpNote: { type: 'string', maxLength: FOLLOW_UP_NOTE_MAX },
          },
          required: ['measures', 'followUpOn', 'followUpMethod', 'followUpResponse'],
          additionalProperties: false,
        },
      },
    },
    async (request) => ratings.closeRectification(request.session?.account, request.params.id, request.body, request),
  );

  // Public: no login, no cookies, no script. The ETag names the numbers themselves (two small
  // aggregates per request), so a cached copy is revalidated as soon as one changes.
  app.get(RATINGS_PATH, { config: { rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request, reply) => {
    const stats = await ratings.statistics();
    if (answeredFromCache(request, reply, weakEtag(RENDER_VERSION, [stats]))) return reply;
    return sendHtml(reply, 200, ratingsPage(stats));
  });
}
