import { grantCertificate, withCertificateDocument } from './register.ts';
import { addCalendarDays, shanghaiDateOf } from '../../src/domain/calendar/index.ts';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { STAFF_ROLES, type StaffRole } from '../../src/domain/roles.ts';
import type { TestApp } from './app.ts';
import { ApplicantApi, fixturePdf } from './applicant.ts';
import { reviewFullReview, StaffDesk, submittedCase } from './cases.ts';
import { loggedInLegal, loggedInNatural, newBrowser } from './flows.ts';
import { buildTestAppWithRoutes, type AppRoute } from './routes.ts';

/**
 * The shared scene of the security tests: applicant A (法人) with a case that went through
 * 受理 → 审查 → 复核 into a running 公示, a document, a 陈述 with a PDF and messages; and every
 * kind of caller: nobody, a visitor with a pre-login session, applicant B (法人), an engineer
 * (自然人) and one logged-in staff member per role.
 */

export type ActorName = 'anonymous' | 'visitor' | 'A' | 'B' | 'engineer' | StaffRole;

export interface Actor {
  name: ActorName;
  kind: 'anonymous' | 'visitor' | 'owner' | 'applicant' | 'staff';
  role?: StaffRole;
  api: ApplicantApi;
}

/** Ids of applicant A's things, to fill route parameters with. */
export interface OwnerIds {
  id: string;
  number: string;
  slot: string;
  step: string;
  documentId: string;
  verificationCode: string;
  batchId: string;
  statementId: string;
  fileId: string;
  /** A file of A's case by row id (GET …/attachment-versions/:versionId). */
  versionId: string;
  notificationId: string;
  uscc: string;
  orgName: string;
  /** A's 工程设计资质证书 in the register: expired yesterday (so a 延续 probe stops at 409), with its PDF. */
  certificateId: string;
}

export interface SecurityWorld {
  t: TestApp;
  routes: AppRoute[];
  desk: StaffDesk;
  owner: OwnerIds;
  actors: Actor[];
  actor(name: ActorName): Actor;
}

export async function buildSecurityWorld(env: Record<string, string> = {}): Promise<SecurityWorld> {
  const { t, routes } = await buildTestAppWithRoutes(env);
  try {
    const desk = new StaffDesk(t);
    const a = await submittedCase(t, 'survey-b', 'first');
    await reviewFullReview(desk, a.id);
    const batch = await desk.publish('notice', [a.id]);
    const filed = await fileStatement(a.applicant, a.id, '对公示内容的陈述：技术负责人职称证明附后。', [{ name: '职称证明.pdf', bytes: fixturePdf('valid-1-page.pdf') }]);
    assert.equal(filed.statusCode, 201, filed.body);
    const statement = filed.json().statements[0];

    const track = (await a.applicant.call('GET', `/api/progress/${a.id}`)).json();
    const document = track.documents[0];
    assert.ok(document?.id, 'the 受理通知书 was issued');
    const view = (await a.applicant.call('GET', `/api/applications/${a.id}`)).json();
    const notifications = (await a.applicant.call('GET', '/api/notifications')).json();
    assert.ok(notifications.items.length > 0, 'A has messages');

    const visitorApi = new ApplicantApi(t, newBrowser(t));
    assert.equal((await visitorApi.browser.request('GET', '/auth/login')).statusCode, 303, 'a pre-login session');
    const actors: Actor[] = [
      { name: 'anonymous', kind: 'anonymous', api: new ApplicantApi(t, newBrowser(t)) },
      { name: 'visitor', kind: 'visitor', api: visitorApi },
      { name: 'A', kind: 'owner', api: a.applicant },
      { name: 'B', kind: 'applicant', api: new ApplicantApi(t, (await loggedInLegal(t)).browser) },
      { name: 'engineer', kind: 'applicant', api: new ApplicantApi(t, (await loggedInNatural(t)).browser) },
    ];
    for (const role of Object.keys(STAFF_ROLES) as StaffRole[]) actors.push({ name: role, kind: 'staff', role, api: await desk.member(role) });

    const certificate = await grantCertificate(t.database.db, {
      item: 'design-b',
      holderId: a.login.form.uscc!,
      holderName: a.login.form.orgName!,
      codes: ['A31701B'],
      validUntil: addCalendarDays(shanghaiDateOf(t.clock.now()), -1),
    });
    await withCertificateDocument(t.database.db, certificate.id);
    const owner: OwnerIds = {
      id: a.id,
      number: a.number,
      slot: view.attachments[0].slot,
      step: 'applicant',
      documentId: document.id,
      verificationCode: document.verificationCode,
      batchId: batch.id,
      statementId: statement.id,
      fileId: statement.attachments[0].id,
      versionId: (await t.database.db.selectFrom('attachments').select('id').where('applicationId', '=', a.id).executeTakeFirstOrThrow()).id,
      notificationId: String(notifications.items[0].id),
      uscc: a.login.form.uscc!,
      orgName: a.login.form.orgName!,
      certificateId: certificate.id,
    };
    assert.ok(view.data[owner.step], `step ${owner.step} exists`);
    return {
      t,
      routes,
      desk,
      owner,
      actors,
      actor: (name) => actors.find((x) => x.name === name) ?? assert.fail(`no actor ${name}`),
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

export interface FilePart {
  field?: string;
  name: string;
  bytes: Buffer;
  type?: string;
}

/**
 * A multipart POST as the browser sends it: the actor's cookie, CSRF token and our Origin, then
 * `headers` on top (`raw`: only `headers`). Text fields first, then the files.
 */
export async function postMultipart(
  api: ApplicantApi,
  url: string,
  parts: { fields?: Record<string, string>; files?: FilePart[] },
  headers: Record<string, string> = {},
  opts: { raw?: boolean; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  const boundary = `----zizhi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(parts.fields ?? {})) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of parts.files ?? []) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = api.browser.cookie('zz_sid');
  const session = cookie && !opts.raw ? await api.browser.sessionInfo() : { csrfToken: null };
  const browserHeaders = opts.raw
    ? {}
    : {
        origin: api.browser.origin,
        ...(session.csrfToken ? { 'x-csrf-token': session.csrfToken } : {}),
        ...(cookie ? { cookie: `zz_sid=${cookie}` } : {}),
      };
  return api.t.app.inject({
    method: 'POST',
    url,
    headers: { ...browserHeaders, ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(chunks),
    remoteAddress: opts.remoteAddress ?? api.browser.remoteAddress,
  });
}

let clientSeq = 0;
/**
 * A client address of its own for each call: uploads are rate-limited per client (30 a minute),
 * and a test that sends a hundred hostile files is not what the limit is about.
 */
export const freshClientAddress = () => `172.${16 + (++clientSeq >> 16) % 16}.${(clientSeq >> 8) & 255}.${clientSeq & 255}`;

/** A 陈述 (text and PDFs) on a case in its 公示 period. */
export function fileStatement(api: ApplicantApi, id: string, text: string, files: FilePart[] = [], opts: { remoteAddress?: string } = {}): Promise<LightMyRequestResponse> {
  return postMultipart(api, `/api/progress/${id}/statements`, { fields: { text }, files: files.map((f) => ({ field: 'files', ...f })) }, {}, opts);
}

/**
 * Everything a request could have changed: the business tables row by row (sessions, login
 * counters, identity-provider state and the audit log left out), and every file in the blob
 * folder, staging included. Equal fingerprints: nothing was stored, changed or left behind.
 */
export async function stateFingerprint(t: TestApp): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    applications: 'select * from applications',
    application_counters: 'select * from application_counters',
    attachments: 'select * from attachments',
    case_events: 'select * from case_events',
    holidays: 'select * from holidays',
    issued_documents: 'select * from issued_documents',
    document_counters: 'select * from document_counters',
    result_collections: 'select * from result_collections',
    notifications: 'select * from notifications',
    outbox: 'select * from outbox',
    notice_batches: 'select * from notice_batches',
    notice_entries: 'select * from notice_entries',
    statements: 'select * from statements',
    statement_attachments: 'select * from statement_attachments',
    service_ratings: 'select * from service_ratings',
    rating_rectifications: 'select * from rating_rectifications',
    idp_users: 'select id, kind, username, mobile, password_hash, profile, roles, disabled, totp_secret from idp_users',
  };
  const out: Record<string, string> = {};
  for (const [name, query] of Object.entries(tables)) {
    const { rows } = await sql<{ h: string; n: string }>`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::text as n from (${sql.raw(query)}) x`.execute(t.database.db);
    out[name] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  out.blobs = blobFiles(t).join(',');
  return out;
}

/** Every file under the blob folder (committed blobs and staging), relative paths, sorted. */
export function blobFiles(t: TestApp): string[] {
  const blobs = t.config.blobs;
  assert.equal(blobs.kind, 'local');
  const root = (blobs as { dir: string }).dir;
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** The error body every refusal carries: a stable code and a message in Chinese. */
export function assertChineseError(res: LightMyRequestResponse, label: string, code?: string | RegExp): { code: string; message: string } {
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = res.json();
  } catch {
    assert.fail(`${label}: not JSON (${res.statusCode}): ${res.body.slice(0, 200)}`);
  }
  const error = body.error;
  assert.ok(error && typeof error.code === 'string' && typeof error.message === 'string', `${label}: {error:{code,message}} expected, got ${res.body.slice(0, 300)}`);
  assert.match(error.message as string, /[\u4e00-\u9fff]/, `${label}: the message is Chinese: ${String(error.message)}`);
  assert.doesNotMatch(error.message as string, /\b(must|should|Error|undefined|null|at \w+ \()/, `${label}: no English or internals in the message: ${String(error.message)}`);
  if (code instanceof RegExp) assert.match(error.code as string, code, label);
  else if (code) assert.equal(error.code, code, label);
  return error as { code: string; message: string };
}
