import { AUDIT_OUTCOME_LABELS, auditActionLabel } from '../../domain/audit-actions.ts';
import { ACCOUNT_KINDS, STAFF_ROLES, isStaffRole } from '../../domain/roles.ts';
import type { AuditEntry } from '../../contract/admin.ts';
import type { AuditLogRow } from './audit.repository.ts';
import { shanghaiDateTime } from '../../domain/calendar/index.ts';

/** One audit row as the audit administrator reads it (the API contract's AuditEntry). */
export type AuditEntryView = AuditEntry;

const kindLabel = (kind: string | null) => (kind && Object.hasOwn(ACCOUNT_KINDS, kind) ? ACCOUNT_KINDS[kind as keyof typeof ACCOUNT_KINDS] : '');

/** 姓名（岗位、岗位） for staff (工作人员 without roles), 名称（法人|自然人） for applicants. */
function named(name: string, kind: string | null, roles: string[] | null): string {
  if (kind !== 'staff') return `${name}（${kindLabel(kind)}）`;
  const labels = (roles ?? []).filter(isStaffRole).map((r) => STAFF_ROLES[r]);
  return `${name}（${labels.length > 0 ? labels.join('、') : '工作人员'}）`;
}

function personOf(row: AuditLogRow): string {
  if (row.actorName !== null) return named(row.actorName, row.actorKind, row.actorRoles);
  if (row.actorLabel === 'system') return '系统';
  if (row.idpKind !== null) return named(row.idpName ?? row.idpUsername ?? '', row.idpKind, row.idpRoles);
  return row.actorLabel ?? '未登录';
}

function objectOf(row: AuditLogRow): string {
  const name = row.objectName;
  switch (row.objectType) {
    case null:
      return '';
    case 'application':
      return name === null ? '申报（已删除的草稿）' : name === '' ? '申报草稿（未编号）' : `申报编号 ${name}`;
    case 'rating_rectification':
      return name ? `差评整改（申报编号 ${name}）` : '差评整改';
    case 'notice_batch':
      return name ?? `公示公告批次 ${row.objectId ?? ''}`;
    case 'account':
    case 'idp_user':
      return name ? `账号 ${name}` : `账号 ${row.objectId ?? ''}`;
    case 'register_certificate':
      return name ? `证书 ${name}` : `证书 ${row.objectId ?? ''}`;
    case 'register':
      return typeof row.details.fileName === 'string' ? `资质登记簿（${row.details.fileName}）` : '资质登记簿';
    case 'holidays':
      return `${row.objectId ?? ''}年节假日`;
    case 'audit_log':
      return '审计日志';
    default:
      return `${row.objectType} ${row.objectId ?? ''}`.trim();
  }
}

export function presentAuditEntry(row: AuditLogRow): AuditEntryView {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    outcome: row.outcome,
    person: personOf(row),
    login: row.actorKind === 'natural' || row.idpKind === 'natural' ? null : (row.idpUsername ?? row.idpUscc),
    objectType: row.objectType,
    objectId: row.objectId,
    object: objectOf(row),
    clientIp: row.clientIp,
    requestId: row.requestId,
    details: row.details,
  };
}

export const CSV_HEADER = ['时间', '操作人', '登录名', '操作', '操作代码', '结果', '对象', '对象标识', '来源地址', '请求编号', '详情'] as const;

/** The time as Beijing time, YYYY-MM-DD HH:mm:ss. */
export function shanghaiTime(iso: string): string {
  return shanghaiDateTime(new Date(iso));
}

/**
 * One CSV field (RFC 4180). A cell that would start a formula in Excel (= + - @, tab, CR) is
 * prefixed with ' (OWASP CSV injection): names, file names and details are applicants' text.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

export function auditCsvLine(e: AuditEntryView): string {
  return csvLine([
    shanghaiTime(e.at),
    e.person,
    e.login ?? '',
    e.actionLabel,
    e.action,
    AUDIT_OUTCOME_LABELS[e.outcome as keyof typeof AUDIT_OUTCOME_LABELS] ?? e.outcome,
    e.object,
    e.objectId ?? '',
    e.clientIp ?? '',
    e.requestId ?? '',
    Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '',
  ]);
}
