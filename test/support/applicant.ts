import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { findItem, type ItemCode } from '../../src/domain/items/index.ts';
import { sampleApplication } from '../../src/domain/items/fixtures.ts';
import { grantFor } from './register.ts';
import type { TestApp } from './app.ts';
import { TEST_PUBLIC_URL } from './app.ts';
import type { InjectBrowser } from './browser.ts';

export const fixturePdf = (name: string) => readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url));

/** The SPA's JSON calls: session cookie, CSRF header, same Origin. */
export class ApplicantApi {
  private csrf: string | null = null;
  constructor(
    readonly t: TestApp,
    readonly browser: InjectBrowser,
  ) {}

  private async token(): Promise<string> {
    this.csrf ??= (await this.browser.sessionInfo()).csrfToken;
    return this.csrf ?? '';
  }

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, json?: unknown): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { origin: TEST_PUBLIC_URL, 'x-csrf-token': await this.token() };
    return this.browser.request(method as 'GET', url, { headers, ...(json === undefined ? {} : { json }) });
  }

  /** POST `fields`, then the file, multipart like the browser does. */
  private async postFile(url: string, file: { bytes: Buffer; filename: string; contentType: string }, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const boundary = `----zizhi${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      ...Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = this.browser.cookie('zz_sid');
    return this.t.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        origin: TEST_PUBLIC_URL,
        'x-csrf-token': await this.token(),
        ...(cookie ? { cookie: `zz_sid=${cookie}` } : {}),
      },
      payload: body,
      remoteAddress: this.browser.remoteAddress,
    });
  }

  /** Upload `bytes` as `filename` into a slot. */
  upload(id: string, slot: string, bytes: Buffer, filename = 'scan.pdf'): Promise<LightMyRequestResponse> {
    return this.postFile(`/api/applications/${id}/attachments/${slot}`, { bytes, filename, contentType: 'application/pdf' });
  }

  /** Add a document to a slot's dossier: the fields, then the file. */
  addDossierPart(id: string, slot: string, fields: Record<string, string>, bytes: Buffer, filename: string, contentType = 'application/octet-stream'): Promise<LightMyRequestResponse> {
    return this.postFile(`/api/applications/${id}/dossier/${slot}/parts`, { bytes, filename, contentType }, fields);
  }

  /** A new file for a dossier document (替换). */
  replaceDossierPart(id: string, slot: string, partId: string, bytes: Buffer, filename: string): Promise<LightMyRequestResponse> {
    return this.postFile(`/api/applications/${id}/dossier/${slot}/parts/${partId}`, { bytes, filename, contentType: 'application/pdf' });
  }

  /** Walk every form step with the sample data (the identity's own step-1 values kept), upload every slot. */
  async completeDraft(item: ItemCode, applicationType?: string, applicant: Record<string, unknown> = {}, content: Record<string, unknown> = {}) {
    const def = findItem(item)!;
    const data = sampleApplication(item, applicationType, { today: this.t.clock.now(), applicant });
    if (data.content) Object.assign(data.content, content);
    const steps = def.steps.filter((s) => s.kind !== 'review');
    const created = await this.call('POST', '/api/applications', { item, values: data[steps[0]!.key] });
    if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
    let app = created.json();
    // A type that changes a certificate needs one in the register first.
    const first = app.data[steps[0]!.key] as Record<string, string>;
    if (this.t.database) await grantFor(this.t.database.db, item, data.content?.applicationType as string ?? '', { id: first.uscc ?? first.idNumber!, name: first.orgName ?? first.applicantName! }, this.t.clock.now(), (data.content?.qualifications as string[] | undefined) ?? []);
    for (const step of steps.slice(1)) {
      if (step.kind === 'attachments') {
        for (const slot of step.slots) {
          const up = await this.upload(app.id, slot.key, fixturePdf('valid-1-page.pdf'));
          if (up.statusCode !== 200) throw new Error(`upload ${slot.key}: ${up.statusCode} ${up.body}`);
          app = up.json();
        }
      }
      const saved = await this.call('PUT', `/api/applications/${app.id}/steps/${step.key}`, { version: app.version, values: data[step.key] ?? {} });
      if (saved.statusCode !== 200) throw new Error(`save ${step.key}: ${saved.statusCode} ${saved.body}`);
      app = saved.json();
    }
    return app as { id: string; version: number; status: string; number: string | null };
  }
}
