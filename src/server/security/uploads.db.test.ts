import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { makeContentBombPdf, makeFlateBombPdf, makePdfFixtures, rawPdf, type PdfFixture } from '../../../scripts/make-pdf-fixtures.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { reviewFullReview, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { assertChineseError, blobFiles, fileStatement as fileStatementAs, freshClientAddress, postMultipart as postMultipartAs, stateFingerprint } from '../../../test/support/security.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import { isValidBlobKey } from '../blobs/blob-store.ts';
import { ACTIVE_CONTENT_LABELS, PDF_MESSAGES, type PdfRejectCode } from '../attachments/pdf-inspect.verdict.ts';

/**
 * Hostile files through the real upload routes (QUALITY.md §2.5): the wizard's attachment slot
 * (POST /api/applications/:id/attachments/:slot) and the 陈述 during a 公示 (POST
 * /api/progress/:id/statements, text plus PDFs). Policy: refuse, never strip — every file with
 * active content, encryption, damage, a bomb or another format glued to it is refused with its
 * status and Chinese message, and nothing is stored: no row, no blob, no staging file. File
 * names are display text only: sanitized when stored, encoded (RFC 6266) when served.
 */

const SLOT = 'otherAttachments';
const SLOT_TITLE = '其他附件';
let t: TestApp;
let applicant: ApplicantApi;
let draftId: string;
let caseId: string;
let fixtures: PdfFixture[];
let bomb: Buffer;
let contentBomb: Buffer;

before(async () => {
  // A 1 MB limit, so that "too large" needs no large buffers.
  t = await buildTestApp({ UPLOAD_MAX_MB: '1' });
  fixtures = await makePdfFixtures();
  bomb = await makeFlateBombPdf(256 * 1024 * 1024);
  contentBomb = await makeContentBombPdf(512 * 1024 * 1024); // ~500 KB, under the 1 MB limit
  const desk = new StaffDesk(t);
  const a = await submittedCase(t, 'survey-b', 'first');
  await reviewFullReview(desk, a.id);
  await desk.publish('notice', [a.id]);
  applicant = a.applicant;
  caseId = a.id;
  const created = await applicant.call('POST', '/api/applications', { item: 'design-b', values: sampleApplication('design-b', 'first', { today: t.clock.now() }).applicant });
  assert.equal(created.statusCode, 201, created.body);
  draftId = created.json().id;
});
after(() => t?.close());

// Each request from a client address of its own: the per-client upload limit is not under test here.
const postMultipart = (...args: Parameters<typeof postMultipartAs>) => postMultipartAs(args[0], args[1], args[2], args[3], { ...args[4], remoteAddress: freshClientAddress() });
const fileStatement = (...args: Parameters<typeof fileStatementAs>) => fileStatementAs(args[0], args[1], args[2], args[3], { remoteAddress: freshClientAddress() });
const upload = (bytes: Buffer, filename = 'scan.pdf') => postMultipart(applicant, `/api/applications/${draftId}/attachments/${SLOT}`, { files: [{ name: filename, bytes }] });
const attachmentsOfDraft = async () => (await applicant.call('GET', `/api/applications/${draftId}`)).json().attachments as { slot: string; originalName: string }[];

/** A tiny ZIP archive holding one stored (uncompressed) file. */
function zip(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const entry = Buffer.concat([local, n, data]);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const dir = Buffer.concat([central, n]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(entry.length, 16);
  return Buffer.concat([entry, dir, end]);
}

const PDF = () => fixturePdf('valid-1-page.pdf');

/** A one-page PDF plus an incremental update (a second xref section and a second %%EOF), as editors save. */
function incrementalUpdate(): Buffer {
  const base = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']);
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'))![1]);
  const obj = '4 0 obj\n<< /Producer (incremental update) >>\nendobj\n';
  const xref = `xref\n4 1\n${String(base.length).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${base.length + obj.length}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(obj + xref, 'latin1')]);
}
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script><!-- ');
const ZIP = () => zip('invoice.html', Buffer.from('<script>alert(1)</script>'));

interface Hostile {
  what: string;
  bytes: () => Buffer;
  status: number;
  code: PdfRejectCode;
  message: RegExp;
}

const notPdf = PDF_MESSAGES.ATTACHMENT_NOT_PDF;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Generated here: polyglots and a decompression bomb (the committed fixtures come from the generator's table). */
const GENERATED: Hostile[] = [
  { what: 'HTML page with a PDF after it (polyglot, PDF within the first 1024 bytes)', bytes: () => Buffer.concat([HTML, PDF()]), status: 415, code: 'ATTACHMENT_NOT_PDF', message: new RegExp(escape(notPdf)) },
  { what: 'ZIP archive with a PDF after it (polyglot)', bytes: () => Buffer.concat([ZIP(), PDF()]), status: 415, code: 'ATTACHMENT_NOT_PDF', message: new RegExp(escape(notPdf)) },
  { what: 'PDF with a ZIP archive appended (PDF/ZIP polyglot)', bytes: () => Buffer.concat([PDF(), ZIP()]), status: 415, code: 'ATTACHMENT_NOT_PDF', message: new RegExp(escape(notPdf)) },
  { what: 'PDF with an HTML page appended', bytes: () => Buffer.concat([PDF(), Buffer.from('\n<html><script>alert(1)</script></html>')]), status: 415, code: 'ATTACHMENT_NOT_PDF', message: new RegExp(escape(notPdf)) },
  { what: 'a PNG image renamed .pdf', bytes: () => Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), status: 415, code: 'ATTACHMENT_NOT_PDF', message: new RegExp(escape(notPdf)) },
  { what: 'a Flate bomb (256 MiB inflated from a few KB)', bytes: () => bomb, status: 422, code: 'ATTACHMENT_INFLATED_TOO_LARGE', message: new RegExp(escape(PDF_MESSAGES.ATTACHMENT_INFLATED_TOO_LARGE)) },
  { what: 'a page content stream inflating to 512 MiB', bytes: () => contentBomb, status: 422, code: 'ATTACHMENT_INFLATED_TOO_LARGE', message: new RegExp(escape(PDF_MESSAGES.ATTACHMENT_INFLATED_TOO_LARGE)) },
  { what: 'just the header', bytes: () => Buffer.from('%PDF-1.7\n'), status: 422, code: 'ATTACHMENT_UNREADABLE', message: new RegExp(escape(PDF_MESSAGES.ATTACHMENT_UNREADABLE)) },
];

function fromFixtures(): Hostile[] {
  return fixtures
    .filter((f) => !f.expect.ok)
    .map((f) => {
      const expect = f.expect as { ok: false; code: Exclude<PdfRejectCode, 'ATTACHMENT_TIMEOUT'>; finding?: keyof typeof ACTIVE_CONTENT_LABELS };
      const text = expect.code === 'ATTACHMENT_ACTIVE_CONTENT' ? ACTIVE_CONTENT_LABELS[expect.finding!] : PDF_MESSAGES[expect.code];
      return { what: `${f.name} (${f.about})`, bytes: () => Buffer.from(f.bytes), status: expect.code === 'ATTACHMENT_NOT_PDF' ? 415 : 422, code: expect.code, message: new RegExp(escape(text)) };
    });
}

describe('the wizard upload refuses every hostile file; nothing is kept', () => {
  test('the committed fixture corpus and the generated ones', async () => {
    const hostile = [...fromFixtures(), ...GENERATED];
    assert.ok(hostile.length >= 28, `${hostile.length} hostile files`);
    const start = await stateFingerprint(t);
    const failures: string[] = [];
    for (const h of hostile) {
      const res = await upload(h.bytes(), 'scan.pdf');
      try {
        assert.equal(res.statusCode, h.status, `${h.what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const error = assertChineseError(res, h.what, h.code);
        assert.ok(error.message.startsWith(`${SLOT_TITLE}：`), `${h.what}: the message names the slot: ${error.message}`);
        assert.match(error.message, h.message, h.what);
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0]!);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await attachmentsOfDraft(), []);
    assert.deepEqual(await stateFingerprint(t), start, 'no row, no blob, no staging file');
    const rejects = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'attachment.reject').where('objectId', '=', draftId).execute();
    assert.equal(rejects.length, hostile.length, 'every refusal is audited with its reason');
  });

  test('a file over the limit is cut off while streaming: 413, nothing kept', async () => {
    const start = await stateFingerprint(t);
    const res = await upload(Buffer.concat([PDF(), Buffer.alloc(1024 * 1024 + 1, 0x20)]));
    assert.equal(res.statusCode, 413, res.body);
    assertChineseError(res, 'too large', 'ATTACHMENT_TOO_LARGE');
    assert.deepEqual(await stateFingerprint(t), start);
  });

  test('what the multipart request itself gets wrong: no file, two files, not multipart', async () => {
    const start = await stateFingerprint(t);
    const url = `/api/applications/${draftId}/attachments/${SLOT}`;
    const none = await postMultipart(applicant, url, { fields: { note: 'x' } });
    assert.equal(none.statusCode, 400, none.body);
    assert.match(assertChineseError(none, 'no file', 'UPLOAD_FILE_MISSING').message, /没有收到文件/);
    const two = await postMultipart(applicant, url, { files: [{ name: 'a.pdf', bytes: fixturePdf('js-openaction.pdf') }, { name: 'b.pdf', bytes: PDF() }] });
    assert.ok([413, 422].includes(two.statusCode), `two files: ${two.statusCode} ${two.body}`);
    const json = await applicant.call('POST', url, { file: PDF().toString('base64') });
    assert.equal(json.statusCode, 400);
    assert.match(assertChineseError(json, 'json', 'MULTIPART_REQUIRED').message, /multipart/);
    assert.deepEqual(await stateFingerprint(t), start);
  });

  test('benign variations are accepted: leading blank bytes, trailing line ends and NULs, a declared type other than PDF', async () => {
    for (const [what, bytes, type] of [
      ['leading spaces', Buffer.concat([Buffer.from('   \r\n'), PDF()]), 'application/pdf'],
      ['trailing CR LF and NULs', Buffer.concat([PDF(), Buffer.from('\r\n\0\0\0')]), 'application/pdf'],
      ['declared as text/html', PDF(), 'text/html'],
      ['an incremental update (two %%EOF)', incrementalUpdate(), 'application/octet-stream'],
    ] as const) {
      const res = await postMultipart(applicant, `/api/applications/${draftId}/attachments/${SLOT}`, { files: [{ name: 'ok.pdf', bytes, type }] });
      assert.equal(res.statusCode, 200, `${what}: ${res.body.slice(0, 300)}`);
    }
    await applicant.call('DELETE', `/api/applications/${draftId}/attachments/${SLOT}`);
  });
});

describe('file names are display text only', () => {
  const NAMES: [string, string, RegExp][] = [
    ['path traversal', '../../etc/passwd.pdf', /^passwd\.pdf$/],
    ['Windows path traversal', '..\\..\\windows\\x.pdf', /^x\.pdf$/],
    ['control characters', 'a\u0001b\u007f\u0085c.pdf', /^abc\.pdf$/],
    ['right-to-left override (exe disguised as pdf)', 'report\u202Efdp.exe', /^reportfdp\.exe\.pdf$/],
    ['no extension', '营业执照扫描件', /^营业执照扫描件\.pdf$/],
    ['an HTML name', 'index.html', /^index\.html\.pdf$/],
    ['quotes, brackets and semicolons', "it's (copy);b=c*.pdf", /^it's \(copy\);b=c\*\.pdf$/],
    ['300 characters', `${'长'.repeat(300)}.pdf`, /^长{196}\.pdf$/],
    ['emoji at the cut', `a${'😀'.repeat(250)}.pdf`, /^a(😀){195}\.pdf$/u],
    ['only dots', '..', /^attachment\.pdf$/],
    ['a reserved Windows name', 'CON.pdf', /^CON\.pdf$/],
  ];

  test('stored sanitized, downloaded with a safe Content-Disposition, never used as a path', async () => {
    const failures: string[] = [];
    for (const [what, name, stored] of NAMES) {
      const res = await upload(PDF(), name);
      try {
        assert.equal(res.statusCode, 200, `${what}: ${res.body.slice(0, 200)}`);
        const kept = (res.json().attachments as { slot: string; originalName: string }[]).find((a) => a.slot === SLOT)!.originalName;
        assert.match(kept, stored, `${what}: stored as ${JSON.stringify(kept)}`);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(kept, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069/\\]/, `${what}: ${JSON.stringify(kept)}`);
        const file = await applicant.call('GET', `/api/applications/${draftId}/attachments/${SLOT}`);
        assert.equal(file.statusCode, 200, what);
        const disposition = String(file.headers['content-disposition']);
        // RFC 5987 attr-char only: no quote, bracket, star, space or control character survives unencoded.
        assert.match(disposition, /^inline; filename="attachment\.pdf"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/, `${what}: ${disposition}`);
        assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]!), kept, what);
        assert.equal(file.headers['x-content-type-options'], 'nosniff');
        assert.match(String(file.headers['content-type']), /^application\/pdf/);
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0]!);
      }
    }
    assert.deepEqual(failures, []);
    // Blob files are named by server-generated keys only (<first two chars>/<key>).
    for (const f of blobFiles(t)) {
      const [shard, key] = f.split('/');
      assert.ok(key && isValidBlobKey(key) && key.startsWith(shard!), f);
    }
    assert.ok(!existsSync('/etc/passwd.pdf'));
  });

  test('a header injection attempt in the file name does not reach the response headers', async () => {
    const res = await postMultipart(applicant, `/api/applications/${draftId}/attachments/${SLOT}`, { files: [{ name: 'x%0d%0aSet-Cookie: a=b.pdf', bytes: PDF() }] });
    assert.equal(res.statusCode, 200, res.body);
    const file = await applicant.call('GET', `/api/applications/${draftId}/attachments/${SLOT}`);
    assert.equal(file.headers['set-cookie'], undefined);
    assert.doesNotMatch(String(file.headers['content-disposition']), /[\r\n]/);
  });
});

describe('the 陈述 upload (text and PDFs) refuses hostile files the same way', () => {
  const statements = () => t.database.db.selectFrom('statements').select('id').where('applicationId', '=', caseId).execute();

  test('each hostile file is refused naming the file; neither the statement nor any file is kept', async () => {
    const hostile = [...fromFixtures(), ...GENERATED];
    const start = await stateFingerprint(t);
    const failures: string[] = [];
    for (const h of hostile) {
      // A good file first: the bad one must take the whole statement down with it.
      const res = await fileStatement(applicant, caseId, '对公示内容有异议，材料附后。', [
        { name: '证明一.pdf', bytes: PDF() },
        { name: '证明二.pdf', bytes: h.bytes() },
      ]);
      try {
        assert.equal(res.statusCode, h.status, `${h.what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const error = assertChineseError(res, h.what, h.code);
        assert.ok(error.message.startsWith('陈述材料“证明二.pdf”：'), `${h.what}: ${error.message}`);
        assert.match(error.message, h.message, h.what);
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0]!);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await statements(), []);
    assert.deepEqual(await stateFingerprint(t), start, 'no statement, no file, no staging leftover');
  });

  test('too many files, too long a text, no text, a file over the limit, not multipart: refused, nothing kept', async () => {
    const start = await stateFingerprint(t);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.pdf`, bytes: PDF() }));
    const cases: [string, Promise<LightMyRequestResponse>, number, string, RegExp][] = [
      ['six files', fileStatement(applicant, caseId, '陈述', six), 400, 'STATEMENT_TOO_MANY_FILES', /最多上传5个文件/],
      ['5001 characters', fileStatement(applicant, caseId, '长'.repeat(5001)), 400, 'STATEMENT_TEXT_TOO_LONG', /不能超过5000字/],
      ['no text', fileStatement(applicant, caseId, '   ', [{ name: 'a.pdf', bytes: PDF() }]), 400, 'STATEMENT_TEXT_REQUIRED', /请填写陈述内容/],
      ['over 1 MB', fileStatement(applicant, caseId, '陈述', [{ name: 'big.pdf', bytes: Buffer.concat([PDF(), Buffer.alloc(1024 * 1024 + 1, 0x20)]) }]), 413, 'ATTACHMENT_TOO_LARGE', /^陈述材料“big\.pdf”：文件大小超过上限（1 MB）/],
      ['JSON', applicant.call('POST', `/api/progress/${caseId}/statements`, { text: '陈述' }), 400, 'MULTIPART_REQUIRED', /multipart/],
    ];
    for (const [what, pending, status, code, message] of cases) {
      const res = await pending;
      assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 300)}`);
      assert.match(assertChineseError(res, what, code).message, message, what);
    }
    assert.deepEqual(await statements(), []);
    assert.deepEqual(await stateFingerprint(t), start);
  });

  test('a traversal file name in a statement is stored as its last segment and served safely', async () => {
    const res = await fileStatement(applicant, caseId, '陈述，附证明。', [{ name: '../../../../tmp/evil\u202Egpj.pdf', bytes: PDF() }]);
    assert.equal(res.statusCode, 201, res.body);
    const statement = res.json().statements[0];
    assert.equal(statement.attachments[0].originalName, 'evilgpj.pdf');
    const file = await applicant.call('GET', `/api/progress/${caseId}/statements/${statement.id}/files/${statement.attachments[0].id}`);
    assert.equal(file.statusCode, 200);
    assert.equal(String(file.headers['content-disposition']), `inline; filename="attachment.pdf"; filename*=UTF-8''evilgpj.pdf`);
  });
});
