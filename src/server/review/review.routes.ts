import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AttachmentVersionParamsSchema, DocumentParamsSchema, IdParamsSchema, SlotParamsSchema } from '../../contract/common.ts';
import {
  AcceptanceNoticesQuerySchema,
  BatchIssueInputSchema,
  type BatchResult,
  CaseActionInputSchema,
  CaseClaimInputSchema,
  CaseHandOverInputSchema,
  CaseResumeInputSchema,
  CaseSuspendInputSchema,
  CaseListExportQuerySchema,
  CaseListQuerySchema,
  CaseSearchExportQuerySchema,
  CaseSearchQuerySchema,
  type CasePage,
  type CaseSearchPage,
  type CaseView,
  type QueueList,
} from '../../contract/staff.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendDocumentPdf, sendPdfInline } from '../http/route-helpers.ts';
import { sendXlsx, type XlsxCell } from '../http/xlsx.ts';
import { StatisticsQuerySchema, type StatisticsFigures, type StatisticsReport } from '../../contract/statistics.ts';
import type { ReviewService } from './review.service.ts';
import { shanghaiMinute as beijingMinute } from '../../domain/calendar/index.ts';


/** Staff console API (/api/staff): every handler's service call starts with the role check. */
export async function reviewRoutes(fastify: FastifyInstance, opts: { review: ReviewService }): Promise<void> {
  const { review } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/staff/queues', async (request) => ({ queues: await review.queues(request.actor) }) satisfies Presented<QueueList>);

  app.get('/api/staff/cases', { schema: { querystring: routeSchema(CaseListQuerySchema) } }, async (request) =>
    (await review.list(request.actor, request.query)) satisfies Presented<CasePage>,
  );

  app.get('/api/staff/search', { schema: { querystring: routeSchema(CaseSearchQuerySchema) } }, async (request) =>
    (await review.search(request.actor, request.query)) satisfies Presented<CaseSearchPage>,
  );

  // 导出 (.xlsx) of the queues shown: every page, in the order chosen; audited by the service.
  app.get(
    '/api/staff/cases/export',
    { schema: { querystring: routeSchema(CaseListExportQuerySchema) }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { cases, total } = await review.listExport(request.actor, request.query);
      const rows = cases.map((c) => [
        c.number ?? '',
        c.itemTitle,
        c.applicationTypeLabel ?? '',
        c.applicantName,
        c.submittedAt ? beijingMinute(c.submittedAt) : '',
        c.nodeEnteredAt ? beijingMinute(c.nodeEnteredAt) : '',
        c.deadline?.due ?? '',
        !c.deadline ? '' : c.deadline.suspended ? '中止审查，暂停计时' : c.deadline.overdue ? `已逾期 ${-c.deadline.remainingDays} 个工作日` : `剩余 ${c.deadline.remainingDays} 个工作日`,
        c.holder?.name ?? '',
      ]);
      return sendXlsx(reply, {
        name: '待办案件',
        asciiName: 'queue',
        more: total > cases.length ? `（共 ${total} 件，仅导出了前 ${cases.length} 件，请缩小筛选范围后分次导出）` : undefined,
        sheet: '待办案件',
        header: ['申报编号', '事项', '申请内容', '申请人', '提交时间（北京时间）', '进入本环节时间', '本环节时限', '剩余时限', '经办人'],
        rows,
        widths: [16, 36, 28, 32, 20, 20, 12, 18, 12],
      });
    },
  );

  // 导出 (.xlsx): what the same filters find, every page; audited by the service.
  app.get(
    '/api/staff/search/export',
    { schema: { querystring: routeSchema(CaseSearchExportQuerySchema) }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { cases, total, totalCapped } = await review.searchExport(request.actor, request.query);
      const rows = cases.map((c) => [
        c.number,
        c.itemTitle,
        c.applicationTypeLabel ?? '',
        c.applicantName,
        c.applicantUscc ?? '',
        beijingMinute(c.submittedAt),
        c.isOpen ? '办理中' : '已办结',
        c.stage,
      ]);
      return sendXlsx(reply, {
        name: '全部案件',
        asciiName: 'cases',
        more: totalCapped || total > cases.length ? `（共 ${total} 件${totalCapped ? '以上' : ''}，仅导出了前 ${cases.length} 件，请缩小查询范围后分次导出）` : undefined,
        sheet: '全部案件',
        header: ['申报编号', '事项', '申请内容', '申请人', '统一社会信用代码', '提交时间（北京时间）', '办理状态', '当前环节或结果'],
        rows,
        widths: [16, 36, 28, 32, 22, 20, 10, 16],
      });
    },
  );

  // 统计 (负责人): a period's figures per item and 申请内容.
  app.get('/api/staff/statistics', { schema: { querystring: routeSchema(StatisticsQuerySchema) } }, async (request) =>
    (await review.statistics(request.actor, request.query)) satisfies Presented<StatisticsReport>,
  );

  // The same figures as an .xlsx file: 办件统计 and 环节用时, each with its 合计.
  app.get(
    '/api/staff/statistics/export',
    { schema: { querystring: routeSchema(StatisticsQuerySchema) }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const report = await review.statistics(request.actor, request.query);
      const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
      const counts = (f: Presented<StatisticsFigures>): XlsxCell[] => [f.received, f.accepted, f.decided, f.granted, f.refused, f.withdrawn, f.onTime, percent(f.onTimeRate), f.overdueNow];
      const groups = [...report.rows.map((r) => ({ item: r.itemTitle, type: r.applicationTypeLabel ?? '', f: r as Presented<StatisticsFigures> })), { item: '合计', type: '', f: report.total }];
      const note = `统计期间：${report.from} 至 ${report.to}（北京时间，含首尾两日）；当前逾期截至 ${beijingMinute(new Date(report.asOf))}${report.skipped > 0 ? `；另有 ${report.skipped} 件办理记录无法读取，未计入` : ''}`;
      return sendXlsx(reply, {
        name: `办件统计-${report.from}至${report.to}`,
        asciiName: `statistics-${report.from}-${report.to}`,
        sheets: [
          {
            sheet: '办件统计',
            header: ['事项', '申请内容', '收件', '受理', '办结', '其中准予', '其中不予', '撤回', '按时办结', '按时办结率（%）', '当前逾期'],
            rows: groups.map((g) => [g.item, g.type, ...counts(g.f)]),
            widths: [36, 28, 8, 8, 8, 10, 10, 8, 10, 16, 10],
            more: note,
          },
          {
            sheet: '环节用时',
            header: ['事项', '申请内容', '环节', '办理件次', '平均用时（工作日）', '最长用时（工作日）'],
            rows: groups.flatMap((g) => g.f.nodes.map((n) => [g.item, g.type, n.label, n.visits, n.averageWorkingDays, n.maxWorkingDays])),
            widths: [36, 28, 16, 10, 20, 20],
            more: note,
          },
        ],
      });
    },
  );

  // 打印受理通知书: one PDF of the cases chosen, to print.
  app.get('/api/staff/cases/acceptance-notices', { schema: { querystring: routeSchema(AcceptanceNoticesQuerySchema) } }, async (request, reply) => {
    const bytes = await review.printAcceptanceNotices(request.actor, request.query.ids);
    return sendPdfInline(reply, { size: bytes.length, originalName: '受理通知书.pdf' }, Readable.from([bytes]));
  });

  app.get('/api/staff/cases/:id', { schema: { params: routeSchema(IdParamsSchema) } }, async (request) =>
    (await review.getCase(request.actor, request.params.id)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/actions', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseActionInputSchema) } }, async (request) =>
    (await review.act(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  // 认领 / 释放 / 转办 / 指派: who alone works the case at its node; each answers with the case page.
  app.post('/api/staff/cases/batch-issue', { schema: { body: routeSchema(BatchIssueInputSchema) } }, async (request) =>
    (await review.batchIssue(request.actor, request.body.ids)) satisfies Presented<BatchResult>,
  );

  app.post('/api/staff/cases/:id/claim', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseClaimInputSchema) } }, async (request) =>
    (await review.claim(request.actor, request.params.id, request.body.node)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/release', { schema: { params: routeSchema(IdParamsSchema) } }, async (request) =>
    (await review.release(request.actor, request.params.id)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/transfer', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseHandOverInputSchema) } }, async (request) =>
    (await review.transfer(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/assign', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseHandOverInputSchema) } }, async (request) =>
    (await review.assign(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  // 中止审查 / 恢复审查: the applicant is told each; the clocks stand in between.
  app.post('/api/staff/cases/:id/suspend', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseSuspendInputSchema) } }, async (request) =>
    (await review.suspend(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/resume', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseResumeInputSchema) } }, async (request) =>
    (await review.resume(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  // 制证 preview: the certificate 制证完成 would issue now, as a 样张 (rendered, not kept).
  app.get('/api/staff/cases/:id/issue-preview', { schema: { params: routeSchema(IdParamsSchema) } }, async (request, reply) => {
    const bytes = await review.previewIssue(request.actor, request.params.id);
    return sendPdfInline(reply, { size: bytes.length, originalName: '证书样张.pdf' }, Readable.from([bytes]));
  });

  app.get('/api/staff/cases/:id/attachments/:slot', { schema: { params: routeSchema(SlotParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await review.openAttachment(request.actor, request.params.id, request.params.slot);
    return sendPdfInline(reply, row, stream);
  });

  app.get('/api/staff/cases/:id/attachment-versions/:versionId', { schema: { params: routeSchema(AttachmentVersionParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await review.openAttachmentVersion(request.actor, request.params.id, request.params.versionId);
    return sendPdfInline(reply, row, stream);
  });

  app.get('/api/staff/cases/:id/documents/:documentId', { schema: { params: routeSchema(DocumentParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await review.openDocument(request.actor, request.params.id, request.params.documentId);
    return sendDocumentPdf(reply, row, stream);
  });
}
