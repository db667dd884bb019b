import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { grantFor } from '../../../test/support/register.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { loggedInLegal, loggedInNatural } from '../../../test/support/flows.ts';
import { newBlobKey } from '../blobs/blob-store.ts';
import { createLocalBlobStore } from '../blobs/local-blob-store.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ UPLOAD_MAX_MB: '1' });
});
after(() => t.close());

async function enterprise() {
  const { browser, form } = await loggedInLegal(t);
  return { api: new ApplicantApi(t, browser), form };
}

/** Every file under the blob folder: committed blobs and staging leftovers alike. */
function blobFiles(): string[] {
  const dir = t.config.blobs.kind === 'local' ? t.config.blobs.dir : '';
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

describe('drafts', () => {
  test('暂存 of step 1 creates the draft with the identity fields forced; a second draft of the item is refused and names the open one', async () => {
    const { api, form } = await enterprise();
    const values = { ...sampleApplication('survey-b', 'first').applicant, uscc: '911301007454005196', orgName: '别人的公司' };
    const res = await api.call('POST', '/api/applications', { item: 'survey-b', values });
    assert.equal(res.statusCode, 201, res.body);
    const app = res.json();
    assert.equal(app.status, 'draft');
    assert.equal(app.data.applicant.uscc, form.uscc, 'the locked 统一社会信用代码 comes from the identity');
    assert.equal(app.data.applicant.orgName, form.orgName);
    assert.deepEqual(app.savedSteps, ['applicant']);

    const second = await api.call('POST', '/api/applications', { item: 'survey-b', values });
    assert.equal(second.statusCode, 409);
    assert.match(second.json().error.message, /同一事项同时只能办理一件/);
    assert.equal(second.json().error.code, 'OPEN_APPLICATION_EXISTS');
    assert.deepEqual(second.json().error.details, { openApplicationId: app.id });

    const start = await api.call('GET', '/api/items/survey-b/start');
    assert.equal(start.json().open.id, app.id, '网上办理 resumes the open draft');
    // Another item is independent.
    const design = await api.call('POST', '/api/applications', { item: 'design-b', values });
    assert.equal(design.statusCode, 201);
  });

  test('暂存 with missing required fields answers 请完整填写必填项 naming each field, and saves nothing', async () => {
    const { api } = await enterprise();
    const res = await api.call('POST', '/api/applications', { item: 'survey-b', values: { postalCode: '1000' } });
    assert.equal(res.statusCode, 400);
    const body = res.json().error;
    assert.equal(body.message, '请完整填写必填项');
    const paths = body.fieldErrors.map((e: { path: string }) => e.path);
    for (const p of ['postalCode', 'mailingAddress', 'registeredAddress', 'phone']) assert.ok(paths.includes(p), p);
    assert.equal(body.fieldErrors.find((e: { path: string }) => e.path === 'postalCode').message, '邮政编码应为6位数字');
    assert.equal((await api.call('GET', '/api/applications')).json().applications.length, 0);
  });

  test('a stale save (two tabs) is refused with 409 and the newer data is kept', async () => {
    const { api } = await enterprise();
    const data = sampleApplication('survey-b', 'renew', { today: t.clock.now() });
    const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
    const chosen = data.content!.qualifications as string[];
    await grantFor(t.database.db, 'survey-b', 'renew', { id: app.data.applicant.uscc, name: app.data.applicant.orgName }, t.clock.now(), chosen);
    const tabA = await api.call('PUT', `/api/applications/${app.id}/steps/content`, { version: app.version, values: data.content });
    assert.equal(tabA.statusCode, 200, tabA.body);
    const tabB = await api.call('PUT', `/api/applications/${app.id}/steps/content`, {
      version: app.version,
      values: { ...data.content, qualifications: chosen.slice(0, 1) },
    });
    assert.equal(tabB.statusCode, 409);
    assert.match(tabB.json().error.message, /重新加载/);
    const now = (await api.call('GET', `/api/applications/${app.id}`)).json();
    assert.deepEqual(now.data.content.qualifications, chosen);
    assert.equal(now.applicationType, 'renew');
    assert.equal(now.version, tabA.json().version);
    assert.deepEqual(tabA.json(), now, '暂存 answers with the application as saved');
    // One audit row for the save that landed, none for the refused one (written by the same statement).
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'actorAccountId', 'details']).where('objectId', '=', app.id).where('action', '=', 'application.save-step').execute();
    assert.deepEqual(audit.map((a) => a.details), [{ step: 'content' }]);
    const owner = await t.database.db.selectFrom('applications').select('accountId').where('id', '=', app.id).executeTakeFirstOrThrow();
    assert.equal(audit[0]!.actorAccountId, owner.accountId, 'the applicant is the actor');
  });

  test('暂存 answers with exactly what reading the application returns, attachments included', async () => {
    const { api } = await enterprise();
    const saved = await api.completeDraft('survey-b', 'first'); // ends with 暂存 of the attachments step
    const read = (await api.call('GET', `/api/applications/${saved.id}`)).json();
    assert.equal(read.attachments.length, 2);
    assert.match(read.attachments[0].uploadedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.deepEqual(saved, read);
  });

  test('a later step cannot be saved before the earlier ones', async () => {
    const { api } = await enterprise();
    const data = sampleApplication('survey-b', 'first');
    const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
    const res = await api.call('PUT', `/api/applications/${app.id}/steps/attachments`, { version: app.version, values: {} });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.message, /申请内容/);
  });

  test('unknown fields are not stored; hidden conditional fields are dropped', async () => {
    const { api } = await loggedInNatural(t).then(({ browser }) => ({ api: new ApplicantApi(t, browser) }));
    const data = sampleApplication('struct-eng-2', 'initial');
    const app = (await api.call('POST', '/api/applications', { item: 'struct-eng-2', values: { ...data.applicant, status: 'submitted', isAdmin: true } })).json();
    assert.equal(app.status, 'draft');
    assert.equal(app.data.applicant.isAdmin, undefined);
    const saved = await api.call('PUT', `/api/applications/${app.id}/steps/content`, {
      version: app.version,
      values: { ...data.content, formerCertificateNumber: 'S2182100484' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().data.content.formerCertificateNumber, undefined, '初始注册 has no 原注册证书号');
  });
});

describe('attachments', () => {
  test('a real PDF is kept with its page count, size and SHA-256, viewable inline by its owner only', async () => {
    const { api } = await enterprise();
    const data = sampleApplication('survey-b', 'first');
    const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
    const pdf = fixturePdf('valid-3-pages.pdf');
    const up = await api.upload(app.id, 'applicationForm', pdf, '申请表（盖章）.pdf');
    assert.equal(up.statusCode, 200, up.body);
    const att = up.json().attachments.find((a: { slot: string }) => a.slot === 'applicationForm');
    assert.equal(att.pages, 3);
    assert.equal(att.size, pdf.length);
    assert.match(att.sha256, /^[0-9a-f]{64}$/);
    assert.equal(att.originalName, '申请表（盖章）.pdf');

    const view = await api.call('GET', `/api/applications/${app.id}/attachments/applicationForm`);
    assert.equal(view.statusCode, 200);
    assert.equal(view.headers['content-type'], 'application/pdf');
    assert.equal(view.headers['x-content-type-options'], 'nosniff');
    assert.match(String(view.headers['content-disposition']), /^inline;/);
    assert.deepEqual(view.rawPayload, pdf);

    // Another applicant sees neither the application nor the file (404, not 403).
    const other = await enterprise();
    assert.equal((await other.api.call('GET', `/api/applications/${app.id}`)).statusCode, 404);
    assert.equal((await other.api.call('GET', `/api/applications/${app.id}/attachments/applicationForm`)).statusCode, 404);
    assert.equal((await other.api.upload(app.id, 'applicationForm', pdf)).statusCode, 404);
    assert.equal((await other.api.call('DELETE', `/api/applications/${app.id}/attachments/applicationForm`)).statusCode, 404);
    assert.equal((await other.api.call('PUT', `/api/applications/${app.id}/steps/content`, { version: 1, values: {} })).statusCode, 404);
    assert.equal((await other.api.call('POST', `/api/applications/${app.id}/submit`)).statusCode, 404);
    assert.equal((await other.api.call('GET', `/api/applications/not-a-uuid`)).statusCode, 404);

    // Uploading again replaces the file; deleting removes it and its bytes.
    const before = blobFiles().length;
    const again = await api.upload(app.id, 'applicationForm', fixturePdf('valid-1-page.pdf'));
    assert.equal(again.json().attachments.find((a: { slot: string }) => a.slot === 'applicationForm').pages, 1);
    assert.equal(blobFiles().length, before, 'the replaced blob is removed');
    const del = await api.call('DELETE', `/api/applications/${app.id}/attachments/applicationForm`);
    assert.equal(del.statusCode, 200);
    assert.equal(del.json().attachments.length, 0);
    assert.equal(blobFiles().length, before - 1);
  });

  // Each refusal has its own code on the wire, which the browser switches on.
  const refusals: [string, Buffer | (() => Buffer), number, RegExp, string][] = [
    ['a text file renamed .pdf', () => fixturePdf('text-renamed.pdf'), 415, /不是PDF格式/, 'ATTACHMENT_NOT_PDF'],
    ['an encrypted PDF', () => fixturePdf('encrypted-user-password.pdf'), 422, /加密/, 'ATTACHMENT_ENCRYPTED'],
    ['an empty file', Buffer.alloc(0), 422, /文件为空/, 'ATTACHMENT_EMPTY'],
    ['a PDF with JavaScript', () => fixturePdf('js-openaction.pdf'), 422, /JavaScript/, 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a truncated PDF', () => fixturePdf('truncated.pdf'), 422, /损坏/, 'ATTACHMENT_UNREADABLE'],
    ['a file over the limit (1 MB here)', () => Buffer.concat([fixturePdf('valid-1-page.pdf'), Buffer.alloc(1024 * 1024 + 10)]), 413, /超过上限（1 MB）/, 'ATTACHMENT_TOO_LARGE'],
  ];
  for (const [name, bytes, status, message, code] of refusals) {
    test(`${name} is refused with ${status} and a message naming the problem; nothing is kept`, async () => {
      const { api } = await enterprise();
      const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: sampleApplication('survey-b', 'first').applicant })).json();
      const before = blobFiles();
      const res = await api.upload(app.id, 'otherAttachments', typeof bytes === 'function' ? bytes() : bytes);
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.json().error.message, message);
      assert.equal(res.json().error.code, code);
      assert.match(res.json().error.message, /^其他附件：/, 'the message names the slot');
      assert.equal((await api.call('GET', `/api/applications/${app.id}`)).json().attachments.length, 0);
      assert.deepEqual(blobFiles(), before, 'no blob and no staging file left');
    });
  }

  test('an upload aborted half-way leaves no blob and no row', async () => {
    const { api, } = await enterprise();
    const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: sampleApplication('survey-b', 'first').applicant })).json();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const before = blobFiles();
    const boundary = '----abort';
    const csrf = (await api.browser.sessionInfo()).csrfToken!;
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/applications/${app.id}/attachments/applicationForm`,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(600_000),
          origin: 'http://zizhi.test',
          'x-csrf-token': csrf,
          cookie: `zz_sid=${api.browser.cookie('zz_sid')}`,
        },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      req.write(Buffer.concat([fixturePdf('valid-1-page.pdf'), Buffer.alloc(200_000)]));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    // The server notices the disconnect and cleans up; give it a moment.
    for (let i = 0; i < 50 && blobFiles().length !== before.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(blobFiles(), before);
    assert.equal((await api.call('GET', `/api/applications/${app.id}`)).json().attachments.length, 0);
  });
});

describe('submission', () => {
  test('a complete draft is submitted once: a 申报编号, a first case event, read-only afterwards, and a retry answers the same number', async () => {
    const { api } = await enterprise();
    const app = await api.completeDraft('survey-b', 'first');
    const [a, b] = await Promise.all([
      api.call('POST', `/api/applications/${app.id}/submit`),
      api.call('POST', `/api/applications/${app.id}/submit`),
    ]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(a.json().number, b.json().number, 'double-click yields one submission');
    assert.match(a.json().number, /^KC\d{4}\d{6}$/);
    assert.equal([a, b].filter((r) => r.json().alreadySubmitted).length, 1);
    const events = await t.database.db.selectFrom('caseEvents').selectAll().where('applicationId', '=', app.id).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'submit');
    const audit = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', app.id).where('action', '=', 'application.submit').execute();
    assert.equal(audit.length, 1);

    const edit = await api.call('PUT', `/api/applications/${app.id}/steps/applicant`, { version: 99, values: {} });
    assert.equal(edit.statusCode, 409);
    assert.match(edit.json().error.message, /已提交/);
    assert.equal((await api.upload(app.id, 'applicationForm', fixturePdf('valid-1-page.pdf'))).statusCode, 409);
    assert.equal((await api.call('DELETE', `/api/applications/${app.id}/attachments/applicationForm`)).statusCode, 409);
    const list = (await api.call('GET', '/api/applications')).json().applications;
    assert.equal(list[0].number, a.json().number);
    assert.equal(list[0].status, 'submitted');
  });

  test('the 申报编号 takes the year in Beijing: a submission at 00:30 on 1 January is numbered in the new year', async () => {
    const before = t.clock.now();
    try {
      t.clock.set(new Date('2026-12-31T16:30:00Z'));
      const { api } = await enterprise();
      const app = await api.completeDraft('survey-b', 'first');
      const res = await api.call('POST', `/api/applications/${app.id}/submit`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json().number, /^KC2027\d{6}$/);
    } finally {
      t.clock.set(before);
    }
  });

  test('submission with a missing slot is refused naming it', async () => {
    const { api } = await enterprise();
    const app = await api.completeDraft('survey-b', 'first');
    await api.call('DELETE', `/api/applications/${app.id}/attachments/otherAttachments`);
    const res = await api.call('POST', `/api/applications/${app.id}/submit`);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.fieldErrors, [{ path: 'attachments.otherAttachments', message: '请上传其他附件' }]);
    assert.match(res.json().error.message, /请上传其他附件/);
  });

  test('submission with an unsaved step is refused naming the step', async () => {
    const { api } = await enterprise();
    const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: sampleApplication('survey-b', 'first').applicant })).json();
    const res = await api.call('POST', `/api/applications/${app.id}/submit`);
    assert.equal(res.statusCode, 400);
    const paths = res.json().error.fieldErrors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('content.applicationType'));
    assert.ok(paths.includes('attachments.applicationForm'));
    assert.match(res.json().error.message, /申请内容/);
  });

  test('concurrent submissions of different applicants get distinct, consecutive numbers', async () => {
    const applicants = await Promise.all([enterprise(), enterprise(), enterprise(), enterprise()]);
    const drafts = await Promise.all(applicants.map(({ api }) => api.completeDraft('design-b', 'first')));
    const results = await Promise.all(applicants.map(({ api }, i) => api.call('POST', `/api/applications/${drafts[i]!.id}/submit`)));
    const numbers = results.map((r) => r.json().number as string).sort();
    assert.equal(new Set(numbers).size, 4);
    const seq = numbers.map((n) => Number(n.slice(-6)));
    for (let i = 1; i < seq.length; i++) assert.equal(seq[i], seq[i - 1]! + 1, `no gaps: ${numbers.join(',')}`);
    assert.ok(numbers.every((n) => n.startsWith('SJ')));
  });

  test('each item can be completed and submitted with its sample data', async () => {
    const { api } = await enterprise();
    for (const [item, type] of [['nonlocal-filing', 'filing'], ['survey-b', 'renew']] as const) {
      const app = await api.completeDraft(item, type);
      const res = await api.call('POST', `/api/applications/${app.id}/submit`);
      assert.equal(res.statusCode, 200, `${item}: ${res.body}`);
    }
    const engineer = new ApplicantApi(t, (await loggedInNatural(t)).browser);
    const app = await engineer.completeDraft('struct-eng-2', 'renew');
    const res = await engineer.call('POST', `/api/applications/${app.id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.json().number, /^JG/);
  });
});

test('committed blobs no row names are removed after a day; named and younger ones stay', async () => {
  const { blobs: where } = t.config;
  assert.equal(where.kind, 'local');
  const store = createLocalBlobStore(where.kind === 'local' ? where.dir : '');

  // A real attachment: its row names its blob.
  const api = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  const data = sampleApplication('survey-b', 'first', { today: t.clock.now() });
  const app = (await api.call('POST', '/api/applications', { item: 'survey-b', values: data.applicant })).json();
  const pdf = fixturePdf('valid-1-page.pdf');
  assert.equal((await api.upload(app.id, 'applicationForm', pdf)).statusCode, 200);
  const { blobKey: named } = await t.database.db.selectFrom('attachments').select('blobKey').where('applicationId', '=', app.id).executeTakeFirstOrThrow();

  // What a crash between committing a blob and committing its row leaves: blobs without rows.
  const orphan = async () => {
    const key = newBlobKey();
    await (await store.stage(Readable.from([Buffer.from('%PDF-1.7 orphan')]), { maxBytes: 100 })).commit(key);
    return key;
  };
  const oldOrphan = await orphan();
  const youngOrphan = await orphan();
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
  for (const key of [named, oldOrphan]) await utimes(store.pathOf(key), twoDaysAgo, twoDaysAgo);

  assert.equal(await t.app.jobs.sweepOrphanBlobs(), 1);
  assert.equal(await store.exists(oldOrphan), false, 'the day-old orphan is gone');
  assert.equal(await store.exists(youngOrphan), true, 'a younger one may still be about to get its row');
  const download = await api.call('GET', `/api/applications/${app.id}/attachments/applicationForm`);
  assert.equal(download.statusCode, 200);
  assert.ok(download.rawPayload.equals(pdf), 'the named blob is untouched');
  assert.equal(await t.app.jobs.sweepOrphanBlobs(), 0, 'nothing left to remove');
});
