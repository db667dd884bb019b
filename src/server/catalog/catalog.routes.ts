import type { FastifyInstance } from 'fastify';
import { applyRefusal, findItem, prefillStep } from '../../domain/items/index.ts';
import { AppError } from '../errors.ts';

/** Service catalog (办事指南 is public) and the start of 网上办理 (login required). */
export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const itemOrThrow = (code: string) => {
    const item = findItem(code);
    if (!item) throw new AppError('NOT_FOUND', '该办事事项不存在或已下线');
    return item;
  };

  /** Prefilled first step for the logged-in applicant, or why this account cannot apply. */
  app.get<{ Params: { code: string } }>('/api/items/:code/start', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const item = itemOrThrow(request.params.code);
    const account = request.session?.account;
    if (!account) throw new AppError('UNAUTHENTICATED', '请先登录北京市统一身份认证后再办理');
    const refusal = applyRefusal(item, account.kind);
    if (refusal) throw new AppError('WRONG_APPLICANT_KIND', refusal);
    const first = item.steps[0];
    return { item: item.code, step: first?.key, prefill: first ? prefillStep(first, account.profile) : { values: {}, locked: [] } };
  });
}
