import assert from 'node:assert/strict';
import type { ItemCode } from '../../src/domain/items/index.ts';
import type { StaffRole } from '../../src/domain/roles.ts';
import type { TestApp } from './app.ts';
import { ApplicantApi } from './applicant.ts';
import { loggedInLegal, loggedInNatural } from './flows.ts';
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

/** One logged-in staff member per role, acting on cases through /api/staff. */
export class StaffDesk {
  private members = new Map<StaffRole, Promise<ApplicantApi>>();
  constructor(readonly t: TestApp) {}

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

/** 首次申请 of an enterprise all the way: 受理 → 审查 → 复核 → 公示 → 公告 → 制证 (准予许可). */
export async function approveFullReview(desk: StaffDesk, id: string) {
  await desk.act('acceptor', id, 'accept');
  await desk.act('reviewer', id, 'pass', { opinion: '符合资质标准' });
  await desk.act('rechecker', id, 'pass');
  await desk.act('publisher', id, 'publish');
  await desk.act('publisher', id, 'close-notice');
  await desk.act('publisher', id, 'publish');
  return desk.act('issuer', id, 'issue');
}
