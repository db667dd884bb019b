import type { FastifyInstance } from 'fastify';
import { chineseDate, shanghaiDateOf as shanghaiDate } from '../../domain/calendar/index.ts';
import { html } from '../html.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import type { RegisterService } from '../register/register.service.ts';
import { PUBLIC_CSS, PUBLIC_CSS_PATH, publicLayout } from './public-layout.ts';

const CRUMBS = [['文书核验', null]] as const;

function form(value = '') {
  return html`<form class="inline" method="get" action="/verify" role="search">
<div><label for="code">核验码</label><input id="code" name="code" value="${value}" maxlength="40" autocomplete="off" placeholder="例如 ABCD-EFGH-JKLM-NPQR" required></div>
<button type="submit">核验</button></form>`;
}

/** Public verification of issued documents: /verify/<code> from the QR code, or typed in. */
export async function verifyRoutes(app: FastifyInstance, opts: { documents: DocumentsService; register: RegisterService }): Promise<void> {
  app.get(PUBLIC_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PUBLIC_CSS));

  app.get<{ Querystring: { code?: string } }>(
    '/verify',
    { schema: { querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 40 } } } } },
    async (request, reply) => {
      const code = request.query.code?.trim();
      if (code) return reply.redirect(`/verify/${encodeURIComponent(code.toUpperCase().replace(/\s+/g, ''))}`, 303);
      return reply
        .type('text/html; charset=utf-8')
        .send(publicLayout({ title: '文书核验', crumbs: CRUMBS, body: html`<h1>文书核验</h1><p>请输入文书二维码下方的核验码，或用手机扫描文书上的二维码。</p>${form()}` }));
    },
  );

  app.get<{ Params: { code: string } }>(
    '/verify/:code',
    { schema: { params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } }, required: ['code'] } }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = await opts.documents.verify(request.params.code);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      if (!found) {
        return reply.code(404).send(
          publicLayout({
            title: '未找到文书 - 文书核验',
            crumbs: CRUMBS,
            body: html`<h1>文书核验</h1><p class="verdict bad" role="status">未找到：核验码“${request.params.code}”没有对应的文书。</p>
<p>请核对核验码是否输入正确。该文书可能是伪造的，请谨慎使用，并可向北京市规划和自然资源委员会核实。</p>${form(request.params.code)}`,
          }),
        );
      }
      const f = found.facts;
      // A current certificate is only as valid as the register says today (expiry, Art. 50 renewal).
      const standing = found.status === 'valid' && found.registerCertificateId ? await opts.register.standingOf(found.registerCertificateId) : undefined;
      const verdict =
        found.status === 'revoked'
          ? html`<p class="verdict bad" role="status">已注销：本文书真实，但已于${chineseDate(shanghaiDate(found.revokedAt!))}注销${found.revokedReason && found.revokedReason !== '已注销' ? `（${found.revokedReason}）` : ''}，不再有效。</p>`
          : found.status === 'superseded'
            ? html`<p class="verdict warn" role="status">已换发：本证书真实，但已于${chineseDate(shanghaiDate(found.revokedAt!))}换发新证书，本证书不再有效，请以持证人出示的新证书为准。</p>`
            : standing?.code === 'expired'
              ? html`<p class="verdict bad" role="status">已过期：本证书真实，但有效期已于${chineseDate(f.validUntil!)}届满，不再有效。</p>`
              : standing?.code === 'deemed'
                ? html`<p class="verdict ok" role="status">真实有效：本证书由北京市规划和自然资源委员会核发。持证人已在有效期届满前申请延续，尚未作出决定，依《中华人民共和国行政许可法》第五十条视为准予延续。</p>`
                : html`<p class="verdict ok" role="status">真实有效：本文书由北京市规划和自然资源委员会出具${found.certificate ? '，证书当前有效' : ''}。</p>`;
      return reply.send(
        publicLayout({
          title: `${found.title}核验`,
          crumbs: CRUMBS,
          body: html`<h1>文书核验</h1>${verdict}
<table class="kv"><tbody>
<tr><th scope="row">文书名称</th><td>${found.title}</td></tr>
<tr><th scope="row">文号 / 证书编号</th><td>${found.number}</td></tr>
<tr><th scope="row">${found.certificate ? '持证人' : '申请人'}</th><td>${f.holder}</td></tr>
<tr><th scope="row">事项</th><td>${f.item}</td></tr>
${f.applicationType ? html`<tr><th scope="row">申请内容</th><td>${f.applicationType}</td></tr>` : ''}
${f.scope ? html`<tr><th scope="row">${found.certificate ? '证书范围' : '申请资质'}</th><td>${f.scope}</td></tr>` : ''}
<tr><th scope="row">签发日期</th><td>${chineseDate(shanghaiDate(found.issuedAt))}</td></tr>
${f.validUntil ? html`<tr><th scope="row">有效期至</th><td>${chineseDate(f.validUntil)}</td></tr>` : ''}
<tr><th scope="row">核验码</th><td>${found.code}</td></tr>
${found.sha256 ? html`<tr><th scope="row">文件摘要（SHA-256）</th><td class="hash">${found.sha256}</td></tr>` : ''}
</tbody></table>
<p class="muted">核验页面只显示必要的公开信息。如需核对文件是否被篡改，可计算所持 PDF 文件的 SHA-256 摘要并与上表比对。</p>`,
        }),
      );
    },
  );
}
