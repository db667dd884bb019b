import type { FastifyInstance } from 'fastify';
import { IdParamsSchema } from '../../contract/common.ts';
import {
  RatingInputSchema,
  RectificationInputSchema,
  RectificationsQuerySchema,
  type RatableCases,
  type RatingStats,
  type RatingView,
  type Rectification,
  type RectificationList,
} from '../../contract/ratings.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { answeredFromCache, sendHtml, weakEtag } from '../public/public-cache.ts';
import { RATINGS_PATH, ratingsPage } from './ratings.presenter.ts';
import type { RatingsService } from './ratings.service.ts';

/** Bump when the markup changes, so cached pages are not revalidated as unchanged. */
const RENDER_VERSION = '1';

/**
 * 政务服务好差评: the applicant's rating of an ended case (办事进度), the 负责人's 整改 and 回访
 * (staff console), the statistics (staff console and the public page).
 */
export async function ratingsRoutes(fastify: FastifyInstance, opts: { ratings: RatingsService }): Promise<void> {
  const { ratings } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();
  const idParams = routeSchema(IdParamsSchema);

  app.get('/api/ratings/mine', async (request) => (await ratings.mine(request.actor)) satisfies Presented<RatableCases>);

  app.get('/api/progress/:id/rating', { schema: { params: idParams } }, async (request) =>
    (await ratings.view(request.actor, request.params.id)) satisfies Presented<RatingView>,
  );

  app.post('/api/progress/:id/rating', { schema: { params: idParams, body: routeSchema(RatingInputSchema) } }, async (request, reply) =>
    reply.code(201).send((await ratings.rate(request.actor, request.params.id, request.body)) satisfies Presented<RatingView>),
  );

  app.get('/api/staff/ratings/stats', async (request) => (await ratings.staffStatistics(request.actor)) satisfies Presented<RatingStats>);

  app.get('/api/staff/rectifications', { schema: { querystring: routeSchema(RectificationsQuerySchema) } }, async (request) =>
    (await ratings.rectifications(request.actor, request.query.status)) satisfies Presented<RectificationList>,
  );

  app.get('/api/staff/rectifications/:id', { schema: { params: idParams } }, async (request) =>
    (await ratings.rectification(request.actor, request.params.id)) satisfies Presented<Rectification>,
  );

  app.post('/api/staff/rectifications/:id/close', { schema: { params: idParams, body: routeSchema(RectificationInputSchema) } }, async (request) =>
    (await ratings.closeRectification(request.actor, request.params.id, request.body)) satisfies Presented<Rectification>,
  );

  // Public: no login, no cookies, no script. The ETag names the numbers themselves (two small
  // aggregates per request), so a cached copy is revalidated as soon as one changes.
  app.get(RATINGS_PATH, { config: { rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request, reply) => {
    const stats = await ratings.statistics();
    if (answeredFromCache(request, reply, weakEtag(RENDER_VERSION, [stats]))) return reply;
    return sendHtml(reply, 200, ratingsPage(stats));
  });
}
