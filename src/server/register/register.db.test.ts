import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar/index.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { approveFullReview, StaffDesk, reloginApplicant } from '../../../test/support/cases.ts';
import { loggedInLegal, loggedInNatural } from '../../../test/support/flows.ts';
import { grantCertificate, withCertificateDocument } from '../../../test/support/register.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';
import { createAudit } from '../audit/audit.service.ts';
import { openBlobStore } from '../blobs/open-blob-store.ts';
import type { Application } from '../db/schema.ts';
import { createDocumentsService } from '../documents/documents.service.ts';
import { createRegisterService } from './register.service.ts';

let t: TestApp;
let desk: StaffDesk;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t.close());

const today = () => shanghaiDateOf(t.clock.now());
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const verifyText = async (code: string) => textOf((await t.app.inject({ method: 'GET', url: `/verify/${code}` })).body);

async function enterprise() {
  const login = await loggedInLegal(t);
  return { login, api: new ApplicantApi(t, login.browser), uscc: login.form.uscc!, name: login.form.orgName! };
}

/** The register's rows of a holder's current certificate of an item. */
async function current(item: string, holderId: string) {
  const db = t.database.db;
  const cert = await db.selectFrom('registerCertificates').selectAll().where('item', '=', item).where('holderId', '=', holderId).where('status', '=', 'valid').executeTakeFirst();
  if (!cert) return undefined;
  const holdings = await db.selectFrom('registerHoldings').select('code').where('certificateId', '=', cert.id).where('status', '=', 'valid').orderBy('code').execute();
  return { ...cert, holdings: holdings.map((h) => h.code) };
}

/** 暂存 of step 2 with these values; the answer. */
async function saveContent(api: ApplicantApi, item: string, values: Record<string, unknown>) {
  const start = (await api.call('GET', `/api/items/${item}/start`)).json();
  let app = start.open ? (await api.call('GET', `/api/applications/${start.open.id}`)).json() : undefined;
  if (!app) {
    const created = await api.call('POST', '/api/applications', { item, values: { postalCode: '100044', email: 'a@example.cn', mailingAddress: '北京市西城区示范路1号', registeredAddress: '北京市海淀区示范路2号', agent: '刘经办', phone: '010-12345678', mobile: '13800000001' } });
    assert.equal(created.statusCode, 201, created.body);
    app = created.json();
  }
  return { app, res: await api.call('PUT', `/api/applications/${app.id}/steps/content`, { version: app.version, values }) };
}

describe('the wizard and 提交 follow the register', () => {
  test('types that need a certificate are closed to a firm holding none, and open once it holds one; 增项 offers only what is not held', async () => {
    const firm = await enterprise();
    const start = (await firm.api.call('GET', '/api/items/survey-b/start')).json();
    assert.equal(start.register.held, null);
    assert.equal(start.register.types.first.available, true);
    assert.match(start.register.types.renew.reason, /尚未持有本市核发的有效工程勘察资质证书/);

    const refused = await saveContent(firm.api, 'survey-b', { applicationType: 'renew', qualifications: ['B201B'], certificateNumber: 'B211000017', certificateExpiry: '2027-01-01' });
    assert.equal(refused.res.statusCode, 400);
    assert.equal(refused.res.json().error.code, 'STEP_INVALID');
    assert.deepEqual(refused.res.json().error.fieldErrors, [{ path: 'applicationType', message: '您尚未持有本市核发的有效工程勘察资质证书，不能办理“申请延续工程勘察资质”' }]);

    const cert = await grantCertificate(t.database.db, { item: 'survey-b', holderId: firm.uscc, holderName: firm.name, codes: ['B201B', 'B202B'], validFrom: '2024-03-01', validUntil: '2029-02-28' });
    const offers = (await firm.api.call('GET', '/api/items/survey-b/start')).json().register;
    assert.equal(offers.held.number, cert.number);
    assert.equal(offers.types.first.available, false);
    assert.ok(!offers.types.add.qualifications.includes('B201B') && offers.types.add.qualifications.includes('B203B'));
    assert.deepEqual(offers.types.renew.locked, { certificateNumber: cert.number, certificateExpiry: '2029-02-28' });

    // A crafted request: 增项 of a held qualification is refused by name.
    const again = await saveContent(firm.api, 'survey-b', { applicationType: 'add', qualifications: ['B201B', 'B203B'], certificateNumber: cert.number });
    assert.equal(again.res.statusCode, 400);
    assert.match(again.res.json().error.fieldErrors[0].message, /“工程勘察水文地质勘察专业乙级”不在本申请内容可选择的资质范围内/);
    // 注销 of something not held is refused the same way.
    const cancel = await saveContent(firm.api, 'survey-b', { applicationType: 'cancel', qualifications: ['B203B'], certificateNumber: cert.number, cancelReason: '业务调整' });
    assert.equal(cancel.res.statusCode, 400);
    // A typed certificate number or expiry is replaced by what the register records.
    const renew = await saveContent(firm.api, 'survey-b', { applicationType: 'renew', qualifications: ['B201B', 'B202B'], certificateNumber: 'X0000', certificateExpiry: '2030-01-01' });
    assert.equal(renew.res.statusCode, 200, renew.res.body);
    assert.equal(renew.res.json().data.content.certificateNumber, cert.number);
    assert.equal(renew.res.json().data.content.certificateExpiry, '2029-02-28');

    // The register changes between 暂存 and 提交 (the qualification is cancelled elsewhere): 提交 is refused.
    await t.database.db.updateTable('registerHoldings').set({ status: 'cancelled' }).where('certificateId', '=', cert.id).where('code', '=', 'B202B').execute();
    const id = renew.app.id as string;
    for (const slot of ['applicationForm', 'otherAttachments']) await firm.api.upload(id, slot, (await import('../../../test/support/applicant.ts')).fixturePdf('valid-1-page.pdf'));
    const app = (await firm.api.call('GET', `/api/applications/${id}`)).json();
    assert.equal((await firm.api.call('PUT', `/api/applications/${id}/steps/attachments`, { version: app.version, values: {} })).statusCode, 200);
    const submit = await firm.api.call('POST', `/api/applications/${id}/submit`);
    assert.equal(submit.statusCode, 400);
    assert.equal(submit.json().error.code, 'APPLICATION_INCOMPLETE');
    assert.match(submit.json().error.message, /“工程勘察工程测量专业乙级”不在本申请内容可选择的资质范围内/);
  });
});

describe('every 准予 changes the register by the rules of its 申请内容', () => {
  /**
   * Decide a case straight through the register service (the staff flow is covered by the HTTP
   * journey below and the browser journey): what a decision writes, per outcome.
   */
  async function decide(id: string) {
    const blobs = await openBlobStore(t.config.blobs);
    const documents = createDocumentsService({ db: t.database.db, blobs, publicUrl: t.config.publicUrl, hotline: '' });
    const register = createRegisterService({ db: t.database.db, documents, clock: t.clock, audit: createAudit({ db: t.database.db }), publicUrl: t.config.publicUrl, emailEnabled: false });
    await t.database.db.transaction().execute(async (tx) => {
      const application = (await tx.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Application;
      const plan = await register.plan(tx, application, t.clock.now());
      if (plan) await register.apply(tx, plan, { application, caseEventId: null, actorAccountId: null, now: t.clock.now() });
      await tx.updateTable('applications').set({ status: 'closed', isOpen: false, node: null, outcome: 'approved' }).where('id', '=', id).execute();
    });
    await blobs.close();
  }

  async function submitted(api: ApplicantApi, item: 'survey-b' | 'struct-eng-2', type: string, content: Record<string, unknown>) {
    const draft = await api.completeDraft(item, type, {}, content);
    const res = await api.call('POST', `/api/applications/${draft.id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    return draft.id;
  }

  test('资质: 首次 → 增项 → 部分注销 → 延续 → 变更 → 全部注销', async () => {
    const firm = await enterprise();
    await decide(await submitted(firm.api, 'survey-b', 'first', { qualifications: ['B201B', 'B202B'] }));
    const first = (await current('survey-b', firm.uscc))!;
    assert.deepEqual(first.holdings, ['B201B', 'B202B']);
    assert.equal(first.validFrom, today());
    assert.equal(first.validUntil, addCalendarDays(`${Number(today().slice(0, 4)) + 5}${today().slice(4)}`, -1));
    assert.match(first.number, /^B211\d{6}$/);

    await decide(await submitted(firm.api, 'survey-b', 'add', { qualifications: ['B203B'] }));
    const added = (await current('survey-b', firm.uscc))!;
    assert.deepEqual(added.holdings, ['B201B', 'B202B', 'B203B']);
    assert.deepEqual([added.number, added.validFrom, added.validUntil], [first.number, first.validFrom, first.validUntil], '增项 keeps number and validity');

    await decide(await submitted(firm.api, 'survey-b', 'cancel', { qualifications: ['B202B'] }));
    const partial = (await current('survey-b', firm.uscc))!;
    assert.deepEqual(partial.holdings, ['B201B', 'B203B']);
    assert.equal(partial.validUntil, first.validUntil);

    await decide(await submitted(firm.api, 'survey-b', 'renew', { qualifications: ['B201B', 'B203B'] }));
    const renewed = (await current('survey-b', firm.uscc))!;
    assert.equal(renewed.validUntil, `${Number(first.validUntil.slice(0, 4)) + 5}${first.validUntil.slice(4)}`, '延续 from the old expiry');
    assert.equal(renewed.validFrom, first.validFrom, 'held without a break since the first issue');

    await decide(await submitted(firm.api, 'survey-b', 'rename', {}));
    const renamed = (await current('survey-b', firm.uscc))!;
    assert.deepEqual([renamed.validFrom, renamed.validUntil, renamed.holdings], [renewed.validFrom, renewed.validUntil, renewed.holdings], '变更 keeps validity');

    const docs = await t.database.db.selectFrom('issuedDocuments').select(['status', 'kind', 'number']).where('registerCertificateId', '=', first.id).orderBy('issuedAt').execute();
    assert.deepEqual(docs.map((d) => d.status), ['superseded', 'superseded', 'superseded', 'superseded', 'valid'], 'each reissue supersedes the one before');
    assert.ok(docs.every((d) => d.number === first.number));

    await decide(await submitted(firm.api, 'survey-b', 'cancel', { qualifications: ['B201B', 'B203B'] }));
    assert.equal(await current('survey-b', firm.uscc), undefined, 'void when nothing is left');
    const all = await t.database.db.selectFrom('issuedDocuments').select('status').where('registerCertificateId', '=', first.id).execute();
    assert.ok(all.every((d) => d.status !== 'valid'));
    const events = await t.database.db.selectFrom('registerEvents').select('outcome').where('certificateId', '=', first.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.outcome), ['issue', 'add', 'cancel', 'renew', 'change', 'cancel']);
  });

  test('注册: 初始 → 变更 (new 注册单位, validity kept) → 延续 (from the old expiry) → 注销 (void)', async () => {
    const login = await loggedInNatural(t);
    const api = new ApplicantApi(t, login.browser);
    const idNumber = login.form.idNumber!;
    await decide(await submitted(api, 'struct-eng-2', 'initial', {}));
    const initial = (await current('struct-eng-2', idNumber))!;
    assert.match(initial.number, new RegExp(`^S2${today().slice(2, 4)}11\\d{5}$`));
    assert.equal(initial.validUntil, addCalendarDays(`${Number(today().slice(0, 4)) + 3}${today().slice(4)}`, -1));

    const changeId = await submitted(api, 'struct-eng-2', 'change', {});
    await t.database.db.updateTable('applications').set({ data: JSON.stringify({ ...(await appData(changeId)), applicant: { ...(await appData(changeId)).applicant, employer: '北京新聘用设计院' } }) }).where('id', '=', changeId).execute();
    await decide(changeId);
    const changed = (await current('struct-eng-2', idNumber))!;
    assert.equal(changed.employer, '北京新聘用设计院');
    assert.deepEqual([changed.number, changed.validUntil], [initial.number, initial.validUntil]);

    await decide(await submitted(api, 'struct-eng-2', 'renew', {}));
    assert.equal((await current('struct-eng-2', idNumber))!.validUntil, `${Number(initial.validUntil.slice(0, 4)) + 3}${initial.validUntil.slice(4)}`);
    await decide(await submitted(api, 'struct-eng-2', 'cancel', {}));
    assert.equal(await current('struct-eng-2', idNumber), undefined);
  });

  async function appData(id: string) {
    return (await t.database.db.selectFrom('applications').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data as Record<string, Record<string, unknown>>;
  }
});

describe('增项 through the staff console: the new certificate lists every holding, the old one verifies as 已换发', () => {
  test('a firm holding two qualifications is granted a third', async () => {
    const firm = await enterprise();
    const cert = await grantCertificate(t.database.db, { item: 'survey-b', holderId: firm.uscc, holderName: firm.name, codes: ['B201B', 'B204B'], validFrom: '2024-03-01', validUntil: '2029-02-28' });
    const oldDoc = await withCertificateDocument(t.database.db, cert.id);
    const oldCode = (await t.database.db.selectFrom('issuedDocuments').select('verificationCode').where('id', '=', oldDoc).executeTakeFirstOrThrow()).verificationCode;
    assert.match(await verifyText(oldCode), /真实有效/);

    const draft = await firm.api.completeDraft('survey-b', 'add');
    const view = (await firm.api.call('GET', `/api/applications/${draft.id}`)).json();
    assert.equal(view.data.content.certificateNumber, cert.number, 'the number comes from the register');
    const saved = await firm.api.call('PUT', `/api/applications/${draft.id}/steps/content`, { version: view.version, values: { ...view.data.content, qualifications: ['B203B'] } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal((await firm.api.call('POST', `/api/applications/${draft.id}/submit`)).statusCode, 200);
    await approveFullReview(desk, draft.id);

    const applicant = await reloginApplicant(t, firm.login);
    const mine = (await applicant.call('GET', '/api/register/mine')).json();
    const survey = mine.certificates.find((c: { item: string }) => c.item === 'survey-b');
    assert.deepEqual(survey.holdings.map((h: { code: string }) => h.code), ['B201B', 'B204B', 'B203B']);
    assert.equal(survey.validUntil, '2029-02-28', 'validity of the certificate kept');
    assert.equal(survey.number, cert.number);
    const page = await verifyText(oldCode);
    assert.match(page, /已换发：本证书真实，但已于\d{4}年\d+月\d+日换发新证书/);
    assert.doesNotMatch(page, /真实有效/);
    const pdf = await applicant.browser.request('GET', `/api/register/certificates/${survey.id}/document`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });
});

describe('我的资质, expiry and renewal', () => {
  test('reminders at 60 and 30 days, each once; the link opens a prefilled 延续 draft; a pending 延续 keeps the certificate valid past expiry', async () => {
    const firm = await enterprise();
    const until = addCalendarDays(today(), 45);
    const cert = await grantCertificate(t.database.db, { item: 'survey-b', holderId: firm.uscc, holderName: firm.name, codes: ['B201B'], validUntil: until });
    const reminders = async () => (await t.database.db.selectFrom('notifications').select(['title', 'body']).where('kind', '=', 'register.expiry').where('accountId', '=', firm.login.account!.id).orderBy('id').execute());

    assert.ok((await t.app.jobs.sendExpiryReminders()) >= 1);
    assert.equal((await t.app.jobs.sendExpiryReminders()), 0, 'run again: nothing new');
    let sent = await reminders();
    assert.equal(sent.length, 1, 'only the nearest threshold (60 days) when 90 and 60 are both passed');
    assert.match(sent[0]!.title, /工程勘察资质证书将于45天后到期/);
    assert.ok(sent[0]!.body.includes(`/my/qualifications/${cert.id}/renew`));
    const sms = await t.database.db.selectFrom('outbox').innerJoin('notifications', 'notifications.id', 'outbox.notificationId').select('outbox.channel').where('notifications.kind', '=', 'register.expiry').where('notifications.accountId', '=', firm.login.account!.id).execute();
    assert.deepEqual(sms.map((s) => s.channel), ['sms']);

    t.clock.advance(16 * 86_400_000);
    const api = await reloginApplicant(t, firm.login);
    await t.app.jobs.sendExpiryReminders();
    sent = await reminders();
    assert.equal(sent.length, 2);
    assert.match(sent[1]!.title, /将于29天后到期/);

    // The reminder's link: a 延续 draft with the certificate's data, ready for the attachments.
    const draft = await api.call('POST', `/api/register/certificates/${cert.id}/renewal`);
    assert.equal(draft.statusCode, 201, draft.body);
    const app = (await api.call('GET', `/api/applications/${draft.json().id}`)).json();
    assert.equal(app.applicationType, 'renew');
    assert.deepEqual(app.data.content.qualifications, ['B201B']);
    assert.equal(app.data.content.certificateNumber, cert.number);
    assert.equal(app.data.content.certificateExpiry, until);
    assert.equal((await api.call('POST', `/api/register/certificates/${cert.id}/renewal`)).json().id, app.id, 'asked again: the same draft');
    // Step 1 came from the identity only (no earlier case): the applicant completes it.
    assert.deepEqual(app.savedSteps, []);
    const first = await api.call('PUT', `/api/applications/${app.id}/steps/applicant`, { version: app.version, values: { ...app.data.applicant, postalCode: '100044', email: 'a@example.cn', mailingAddress: '北京市西城区示范路1号', registeredAddress: '北京市海淀区示范路2号', agent: '刘经办', phone: '010-12345678', mobile: '13800000001' } });
    assert.equal(first.statusCode, 200, first.body);
    let v = first.json();
    v = (await api.call('PUT', `/api/applications/${app.id}/steps/content`, { version: v.version, values: v.data.content })).json();
    const { fixturePdf } = await import('../../../test/support/applicant.ts');
    for (const slot of ['applicationForm', 'otherAttachments']) v = (await api.upload(app.id, slot, fixturePdf('valid-1-page.pdf'))).json();
    assert.equal((await api.call('PUT', `/api/applications/${app.id}/steps/attachments`, { version: v.version, values: {} })).statusCode, 200);
    assert.equal((await api.call('POST', `/api/applications/${app.id}/submit`)).statusCode, 200);

    // Past the expiry, undecided: valid by Art. 50, on 我的资质 and on /verify; not in the 依职权注销 queue.
    t.clock.advance(40 * 86_400_000);
    const later = await reloginApplicant(t, firm.login);
    const mine = (await later.call('GET', '/api/register/mine')).json().certificates[0];
    assert.equal(mine.standing.code, 'deemed');
    assert.match(mine.standing.note, /视为准予延续/);
    const issuer = await loggedInStaff(t, ['issuer']);
    const queue = (await issuer.call('GET', '/api/staff/register/expired')).json().certificates;
    assert.ok(!queue.some((c: { id: string }) => c.id === cert.id));
  });

  test('依职权注销: an expired certificate without 延续 is cancelled by the 制证 staff, who issues the 注销决定书; others may not', async () => {
    const firm = await enterprise();
    const cert = await grantCertificate(t.database.db, { item: 'survey-b', holderId: firm.uscc, holderName: firm.name, codes: ['B201B'], validUntil: addCalendarDays(today(), -3) });
    const doc = await withCertificateDocument(t.database.db, cert.id);
    const code = (await t.database.db.selectFrom('issuedDocuments').select('verificationCode').where('id', '=', doc).executeTakeFirstOrThrow()).verificationCode;
    assert.match(await verifyText(code), /已过期：本证书真实，但有效期已于/);
    const mine = (await firm.api.call('GET', '/api/register/mine')).json().certificates[0];
    assert.equal(mine.standing.label, '已过期');

    const reviewer = await loggedInStaff(t, ['reviewer']);
    assert.equal((await reviewer.call('POST', `/api/staff/register/certificates/${cert.id}/cancel`)).statusCode, 403);
    const issuer = await loggedInStaff(t, ['issuer']);
    const queue = (await issuer.call('GET', '/api/staff/register/expired')).json().certificates;
    const row = queue.find((c: { id: string }) => c.id === cert.id);
    assert.equal(row.daysOverdue, 3);
    assert.equal(row.holderName, firm.name);
    const res = await issuer.call('POST', `/api/staff/register/certificates/${cert.id}/cancel`);
    assert.equal(res.statusCode, 200, res.body);
    const twice = await issuer.call('POST', `/api/staff/register/certificates/${cert.id}/cancel`);
    assert.equal(twice.statusCode, 409, 'twice: already void');
    assert.equal(twice.json().error.code, 'CERTIFICATE_ALREADY_VOID');
    assert.deepEqual(twice.json().error.details, { number: cert.number, voidedOn: today() });

    assert.match(await verifyText(code), /已注销：本文书真实，但已于.*注销（有效期届满未延续，依职权注销）/);
    const notice = await t.database.db.selectFrom('issuedDocuments').select(['title', 'verificationCode', 'blobKey']).where('id', '=', res.json().documentId).executeTakeFirstOrThrow();
    assert.equal(notice.title, '注销决定书');
    assert.ok(notice.blobKey, 'rendered after commit');
    assert.match(await verifyText(notice.verificationCode), /真实有效/);
    const message = await t.database.db.selectFrom('notifications').select('title').where('accountId', '=', firm.login.account!.id).where('kind', '=', 'register.cancel').executeTakeFirstOrThrow();
    assert.match(message.title, /已依法注销/);
    const audit = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', cert.id).where('action', 'like', 'register.%').execute();
    assert.deepEqual(audit.map((a) => a.action), ['register.ex-officio-cancel']);
    assert.equal((await firm.api.call('GET', '/api/register/mine')).json().certificates[0].standing.label, '已注销');
    // A certificate past the first 500 of the queue (ordered by expiry) is judged on its own standing.
    const old = addCalendarDays(today(), -400);
    await t.database.db
      .insertInto('registerCertificates')
      .values(
        Array.from({ length: 501 }, (_, i) => ({
          id: crypto.randomUUID(),
          item: 'design-b',
          holderKind: 'enterprise' as const,
          holderId: `Q${i}`,
          holderName: `过期单位${i}`,
          number: `QUEUE${i}`,
          validFrom: '2020-01-01',
          validUntil: old,
          details: '{}',
          origin: 'import' as const,
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      )
      .execute();
    const last = await grantCertificate(t.database.db, { item: 'design-b', holderId: firm.uscc, holderName: firm.name, codes: ['A31701B'], validUntil: addCalendarDays(today(), -1) });
    assert.ok(!(await issuer.call('GET', '/api/staff/register/expired')).json().certificates.some((c: { id: string }) => c.id === last.id), 'beyond the first page');
    assert.equal((await issuer.call('POST', `/api/staff/register/certificates/${last.id}/cancel`)).statusCode, 200);

    // Someone else's certificate is 404, like a missing one.
    const other = await enterprise();
    assert.equal((await other.api.call('POST', `/api/register/certificates/${cert.id}/renewal`)).statusCode, 404);
    assert.equal((await other.api.browser.request('GET', `/api/register/certificates/${cert.id}/document`)).statusCode, 404);
  });
});
