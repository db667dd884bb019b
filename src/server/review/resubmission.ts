import type { Kysely } from 'kysely';
import { correctionLabels, attachmentsStepOf, type ItemDefinition } from '../../domain/items/index.ts';
import { changedFields, partReopened } from '../../domain/workflow/index.ts';
import type { AttachmentVersion, Resubmission } from '../../contract/staff.ts';
import { listAttachments, listAttachmentVersions, listSubmissions } from '../applications/applications.reads.ts';
import type { AttachmentRow, DB, SubmittedAttachment } from '../db/schema.ts';
import type { Presented } from '../http/contract.ts';

type CaseEvent = { details: unknown; opinion: string | null; at: Date };

const presentFile = (a: Pick<AttachmentRow, 'id' | 'slot' | 'originalName' | 'size' | 'pages' | 'sha256' | 'createdAt'>): Presented<AttachmentVersion> => ({
  id: a.id,
  slot: a.slot,
  originalName: a.originalName,
  size: Number(a.size),
  pages: a.pages,
  sha256: a.sha256,
  uploadedAt: a.createdAt,
});

/** The case's files: the current one of each slot, and every earlier version (oldest first). */
export async function caseFiles(db: Kysely<DB>, applicationId: string) {
  const [current, earlier] = await Promise.all([listAttachments(db, applicationId), listAttachmentVersions(db, applicationId)]);
  return {
    current: current.map(presentFile),
    earlier: earlier.map((v) => ({ ...presentFile(v), supersededAt: v.supersededAt })),
  };
}

/**
 * The last 重新提交 against the round before it: fields before → after, files old → new (the
 * same bytes re-uploaded are unchanged), and each part the 补正 named with whether it changed.
 * Null until a case has been submitted twice.
 */
export async function resubmissionOf(
  db: Kysely<DB>,
  applicationId: string,
  item: ItemDefinition,
  events: readonly CaseEvent[],
  files: Awaited<ReturnType<typeof caseFiles>>,
): Promise<Presented<Resubmission> | null> {
  const [latest, previous] = await listSubmissions(db, applicationId, 2);
  if (!latest || !previous) return null;
  // The 补正 this round answers: the last request made before it.
  const request = [...events].reverse().find((e) => e.at <= latest.submittedAt && Array.isArray((e.details as { correctionItems?: unknown }).correctionItems));
  const requestItems = request ? (request.details as { correctionItems: string[] }).correctionItems : [];

  const fields = changedFields(item, previous.data, latest.data, requestItems);
  const byId = new Map<string, Presented<AttachmentVersion>>([...files.current, ...files.earlier.map(({ supersededAt: _, ...f }) => f)].map((f) => [f.id, f]));
  const sent = (round: SubmittedAttachment[], slot: string) => {
    const entry = round.find((a) => a.slot === slot);
    return entry ? (byId.get(entry.id) ?? null) : null;
  };
  const attachments = (attachmentsStepOf(item)?.slots ?? []).map((slot) => {
    const before = sent(previous.attachments, slot.key);
    const after = sent(latest.attachments, slot.key);
    const status = !before && !after ? null : !before ? 'added' : !after ? 'removed' : before.sha256 === after.sha256 ? 'unchanged' : 'replaced';
    return status && { slot: slot.key, status: status as Resubmission['attachments'][number]['status'], requested: partReopened(requestItems, { slot: slot.key }), before, after };
  });
  const compared = attachments.filter((a): a is NonNullable<typeof a> => a !== null);

  const changed = (value: string) => {
    if (value === 'attachments') return compared.some((f) => f.status !== 'unchanged');
    if (value.startsWith('attachments.')) return compared.some((f) => f.slot === value.slice('attachments.'.length) && f.status !== 'unchanged');
    const [step, field] = value.split('.', 2);
    return fields.some((f) => f.step === step && (!field || f.field === field));
  };
  return {
    resubmittedAt: latest.submittedAt,
    previousAt: previous.submittedAt,
    request: request
      ? {
          at: request.at,
          message: request.opinion,
          items: requestItems.map((value) => ({ value, label: correctionLabels(item, [value])[0] ?? value, changed: changed(value) })),
        }
      : null,
    fields,
    attachments: compared,
  };
}
