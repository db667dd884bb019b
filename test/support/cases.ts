import assert from 'node:assert/strict';
import type { ItemCode } from '../../src/domain/items/index.ts';
import type { StaffRole } from '../../src/domain/roles.ts';
import type { TestApp } from './app.ts';
import { ApplicantApi } from './applicant.ts';
import { loggedInLegal, loggedInNatural, loginAs, newBrowser, type Form } from './flows.ts';
import { loggedInStaff } from './staff.ts';

/** An applicant's submitted case through the real routes. */
export async function submittedCase(t: TestApp, item: ItemCode, type: string) {
  const login = item === 'struct-eng-2' ? await loggedInNatural(t) : await loggedInLegal(t);
  const applicant = new ApplicantApi(t, login.browser);
  const draft = await applicant.completeDraft(item, type);
  const res = await applicant.call('POST', `/api/applications/${draft.id}/submit`);
  assert.equal(res.statusCode, 200, res.body);
  return { applicant, login, id: draft.id as string, number: res.json().number as string };
}

/** The same applicant logging in again in a fresh browser (sessions end after 30 idle minutes of test clock). */
export async function reloginApplicant(t: TestApp, login: { form: Form }): Promise<ApplicantApi> {
  const browser = newBrowser(t);
  await loginAs(browser, login.form.mobile!, login.form.password!, '/');
  assert.ok((await browser.sessionInfo()).account, 'applicant login again');
  return new ApplicantApi(t, browser);
}

/** One logged-in staff member per role, acting on cases through /api/staff. */
export class StaffDesk {
  private members = new Map<StaffRole, Promise<ApplicantApi>>();
  constructor(readonly t: TestApp) {}

  /** Forget the logged-in members (their sessions expire when the test clock jumps ahead). */
  reset(): void {
    this.members.clear();
  }

  /** Publish a 公示 or 公告 batch of these cases as the publisher. */
  async publish(kind: 'notice' | 'announcement', applicationIds: string[], extra: Record<string, unknown> = {}) {
    const staff = await this.member('publisher');
    const res = await staff.call('POST', '/api/staff/notices/batches', { kind, applicationIds, ...extra });
    assert.equal(res.statusCode, 201, `publish ${kind}: ${res.body}`);
    return res.json();
  }

  /** Jump the test clock past the batch's last day and run the period job. */
  async endPeriod(batch: { endsOn: string }) {
    this.t.clock.set(new Date(`${batch.endsOn}T16:30:00Z`));
    this.reset();
    return this.t.app.jobs.closeNoticePeriods();
  }

  member(role: StaffRole): Promise<ApplicantApi> {
    let m = this.members.get(role);
    if (!m) {
      m = loggedInStaff(this.t, [role]);
      this.members.set(role, m);
    }
    return m;
  }

  async act(role: StaffRole, id: string, action: string, extra: Record<string, unknown> = {}) {
    const staff = await this.member(role);
    const view = (await staff.call('GET', `/api/staff/cases/${id}`)).json();
    const res = await staff.call('POST', `/api/staff/cases/${id}/actions`, { action, version: view.version, ...extra });
    assert.equal(res.statusCode, 200, `${role} ${action}: ${res.body}`);
    return res.json();
  }
}

/** 受理 → 审查 → 复核 of a full review, up to 拟公示. */
export async function reviewFullReview(desk: StaffDesk, id: string, opinion: { action?: 'pass' | 'fail'; text?: string } = {}) {
  await desk.act('acceptor', id, 'accept');
  await desk.act('reviewer', id, opinion.action ?? 'pass', { opinion: opinion.text ?? '符合资质标准' });
  await desk.act('rechecker', id, 'pass');
}

/**
 * The rest of a case's way from 拟公示: its own 公示 batch, the period ends (the test clock jumps
 * past it, so every session ends), its own 公告 batch, then 制证 if the decision leads there.
 */
export async function noticeAndAnnounce(desk: StaffDesk, id: string) {
  const notice = await desk.publish('notice', [id]);
  await desk.endPeriod(notice);
  await desk.publish('announcement', [id]);
  const staff = await desk.member('issuer');
  const view = (await staff.call('GET', `/api/staff/cases/${id}`)).json();
  if (view.state.status === 'open' && view.state.node === 'issue') await desk.act('issuer', id, 'issue');
}

/** 首次申请 of an enterprise all the way: 受理 → 审查 → 复核 → 公示 → 公告 → 制证 (准予许可). */
export async function approveFullReview(desk: StaffDesk, id: string) {
  await reviewFullReview(desk, id);
  await noticeAndAnnounce(desk, id);
}
