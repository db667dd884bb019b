import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { cleanStep, validateApplication, validateStep, type FieldError } from '../../domain/forms/index.ts';
import { generatedFormOrThrow } from '../documents/generated-forms.ts';
import { dossierSections, hasDossier, moved, placeOf, type DossierGroup } from '../../domain/dossier/index.ts';
import { imageSize, sniffKind } from '../dossier/assemble.ts';
import { deleteDossierPart, findDossierPart, insertDossierPart, listDossierParts, reorderDossierParts, replaceDossierPartFile } from './dossier.repository.ts';
import { presentDossier } from './dossier.presenter.ts';
import type { RenderPool } from '../documents/render/render-pool.ts';
import {
  applicationTypeOf,
  applyRefusal,
  basicInfoOf,
  attachmentsStepOf,
  profileRefusal,
  findItem,
  findStep,
  formSteps,
  prefillStep,
  APPLICATION_TYPE_FIELD,
  workflowOf,
  type ItemDefinition,
} from '../../domain/items/index.ts';
import { getVariant, partReopened, reopenedFields } from '../../domain/workflow/index.ts';
import type { PdfInspector } from '../attachments/pdf-inspect.ts';
import type { PdfRejectCode } from '../attachments/pdf-inspect.verdict.ts';
import { requireAccount, type Actor } from '../actor.ts';
import { auditRow, type Audit } from '../audit/audit.service.ts';
import { BlobTooLargeError, formatBytes, newBlobKey, type BlobStore, type StagedBlob } from '../blobs/blob-store.ts';
import type { Clock } from '../clock.ts';
import type { Account, Application, CorrectionRequest, DB } from '../db/schema.ts';
import { applyTransition } from '../cases/case-transition.ts';
import { recordSubmission } from '../cases/case-events.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import { errorMessage } from '../../contract/errors.ts';
import { appError, type AppError } from '../errors.ts';
import {
  deleteAttachment,
  deleteDraft,
  findAttachment,
  findLatestApplicantStep,
  findOpenApplication,
  findOwnApplication,
  insertApplication,
  listAttachments,
  listOwnApplications,
  keepAttachmentVersion,
  markSubmitted,
  nextApplicationSequence,
  recordSubmittedRound,
  updateDraft,
  upsertAttachment,
} from './applications.repository.ts';
import { formatApplicationNumber } from './numbering.ts';
import { isUuid } from '../db/sql-helpers.ts';
import type { RegisterService } from '../register/register.service.ts';
import { offerFor, type TypeOffer } from '../../domain/register/index.ts';

type StepData = Record<string, Record<string, unknown>>;

export interface ApplicationsDeps {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  blobs: BlobStore;
  inspector: PdfInspector;
  maxUploadBytes: number;
  effects: CaseEffects;
  register: RegisterService;
  /** Draws the generated forms (申请表 …) and assembles dossiers off the event loop. */
  render: Pick<RenderPool, 'form' | 'dossier'>;
}

/** An upload of `file` (a slot's title, a 陈述 file) the PDF inspection refused: its reason is the code on the wire (415 not a PDF, else 422). */
export function attachmentRejected(verdict: { code: PdfRejectCode; fact?: string }, file: string): AppError {
  if (verdict.code === 'ATTACHMENT_ACTIVE_CONTENT') return appError(verdict.code, { file, contents: verdict.fact ?? '' });
  if (verdict.code === 'ATTACHMENT_TOO_COMPLEX') return appError(verdict.code, { file, limit: verdict.fact });
  return appError(verdict.code, { file });
}

/** An upload of `file` past the size limit, told apart from the blob store's own error. */
export function attachmentTooLarge(error: unknown, file: string): unknown {
  return error instanceof BlobTooLargeError ? appError('ATTACHMENT_TOO_LARGE', { file, limit: formatBytes(error.limitBytes), limitBytes: error.limitBytes }) : error;
}

/** The slot's definition when it offers the dossier assembler; refused otherwise. */
function dossierSlotOrThrow(item: ItemDefinition, slot: string) {
  const slotDef = item.attachmentSlots.find((s) => s.key === slot);
  if (!slotDef) throw appError('SLOT_NOT_FOUND');
  if (!hasDossier(item, slot)) throw appError('DOSSIER_NOT_OFFERED');
  return slotDef;
}

/** The first `bytes` bytes of a file (fewer when it is shorter). */
async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Drafts, attachments and submission: every method starts by checking who may do it. */
export function createApplicationsService(deps: ApplicationsDeps) {
  const { db, audit, clock, blobs, inspector } = deps;

  /**
   * `work` checks the staged upload and keeps it: `commit()` moves the bytes under a new key. On any
   * failure the staged bytes and a committed blob are removed, so a refused upload leaves nothing.
   */
  async function keepStaged<T>(staged: StagedBlob, work: (commit: () => Promise<string>) => Promise<T>): Promise<T> {
    let key: string | undefined;
    try {
      return await work(async () => {
        key = newBlobKey();
        await staged.commit(key);
        return key;
      });
    } catch (error) {
      await staged.discard();
      if (key) await blobs.delete(key).catch(() => {});
      throw error;
    }
  }

  /**
   * Remove the blob a committed change no longer names. Best effort: the change stands either way,
   * and a blob left behind is the orphan sweep's (blobs/orphan-sweep.ts). Inside `keepStaged` a
   * failure here must not count as the upload's: that would delete the new file its row now names.
   */
  async function dropReplaced(key: string) {
    await blobs.delete(key).catch(() => {});
  }

  /** A dossier document's upload, staged (size-limited) under its title for any refusal. */
  function stagePart(file: { stream: Readable; filename: string }, name: string) {
    return blobs.stage(file.stream, { maxBytes: deps.maxUploadBytes }).catch((error: unknown) => {
      throw attachmentTooLarge(error, name);
    });
  }

  /** What a staged dossier document is by its bytes: a PDF the inspection passes, or a sane JPEG or PNG. */
  async function checkPart(staged: { path: string }, name: string, accountId: string): Promise<{ kind: 'pdf' | 'jpeg' | 'png'; pages: number }> {
    const kind = sniffKind(await readHead(staged.path, 1024));
    if (!kind) throw appError('DOSSIER_FILE_TYPE', { file: name });
    if (kind === 'pdf') {
      const verdict = await inspector.inspect(staged.path, { account: accountId });
      if (!verdict.ok) throw attachmentRejected(verdict, name);
      return { kind, pages: verdict.pages };
    }
    // The header only: a frame header lies past APPn segments (EXIF thumbnails), within 64 KB.
    const size = imageSize(await readHead(staged.path, 65_536), kind);
    if (!size || size.width < 1 || size.height < 1 || size.width > 10_000 || size.height > 10_000) throw appError('DOSSIER_IMAGE_UNREADABLE', { file: name });
    return { kind, pages: 1 };
  }

  /** The account and the slot's definition, for a change to a slot's dossier: an editable draft (or reopened 补正 slot) of the owner. */
  async function editableDossier(actor: Actor, id: string, slot: string) {
    const account = requireAccount(actor);
    const application = await ownOrThrow(account, id);
    editableOrThrow(application, { slot });
    return { account, slotDef: dossierSlotOrThrow(itemOf(application), slot) };
  }

  function applicantItem(actor: Actor, code: string): { account: Account; item: ItemDefinition } {
    const account = requireAccount(actor);
    const item = findItem(code);
    if (!item) throw appError('ITEM_NOT_FOUND');
    const refusal = applyRefusal(item, account.kind);
    if (refusal) throw appError('WRONG_APPLICANT_KIND', { reason: refusal });
    eligibleOrThrow(item, account);
    return { account, item };
  }

  /** The identity's own data may bar it from the item (a 北京 USCC is no 外埠 enterprise): 422, nothing written. */
  function eligibleOrThrow(item: ItemDefinition, account: Account) {
    const refusal = profileRefusal(item, account.profile);
    if (refusal) throw appError('APPLICANT_NOT_ELIGIBLE', { reason: refusal.message }, { fieldErrors: [refusal] });
  }

  async function ownOrThrow(account: Account, id: string, executor: Kysely<DB> = db, forUpdate = false) {
    if (!isUuid(id)) throw appError('APPLICATION_NOT_FOUND');
    const application = await findOwnApplication(executor, account.id, id, { forUpdate });
    if (!application) throw appError('APPLICATION_NOT_FOUND');
    return application;
  }

  function itemOf(application: Application): ItemDefinition {
    const item = findItem(application.item);
    if (!item) throw new Error(`unknown item ${application.item}`);
    return item;
  }

  /**
   * During 补正 with single fields listed (`applicant.postalCode`), every other field of the step
   * keeps its stored value whatever was sent: exactly the listed parts change.
   */
  function correctionScope(application: Application, stepKey: string, values: unknown): unknown {
    if (application.status !== 'correction') return values;
    const fields = reopenedFields((application.correction as CorrectionRequest | null)?.items ?? [], stepKey);
    if (fields === 'all') return values;
    const stored = ((application.data as StepData)[stepKey] ?? {}) as Record<string, unknown>;
    const sent = isRecord(values) ? values : {};
    const merged: Record<string, unknown> = { ...stored };
    for (const name of fields) {
      if (Object.hasOwn(sent, name)) merged[name] = sent[name];
      else delete merged[name];
    }
    return merged;
  }

  /** Drafts are editable; during 补正 only the reopened parts (a step, a field in it, or attachments.<slot>). */
  function editableOrThrow(application: Application, part?: { step?: string; slot?: string }) {
    if (application.status === 'draft') return;
    if (application.status === 'correction' && part) {
      if (partReopened((application.correction as CorrectionRequest | null)?.items ?? [], part)) return;
      throw appError('PART_NOT_REOPENED');
    }
    throw appError('APPLICATION_SUBMITTED');
  }

  /** Values of a form step as stored: validated, cleaned, locked identity fields forced. */
  function checkedStep(item: ItemDefinition, account: Account, stepKey: string, values: unknown, data: StepData, savedSteps: string[], offer?: TypeOffer) {
    const step = findStep(item, stepKey);
    if (!step) throw appError('STEP_NOT_FOUND');
    const index = item.steps.indexOf(step);
    const missing = item.steps.slice(0, index).find((s) => s.kind !== 'review' && !savedSteps.includes(s.key));
    if (missing) throw appError('PREVIOUS_STEP_UNSAVED', { step: missing.title });
    const ctx = { today: clock.now(), ...(offer?.qualifications ? { allowedQualifications: offer.qualifications } : {}) };
    if (step.kind === 'form') {
      const raw = isRecord(values) ? { ...values } : {};
      const prefill = prefillStep(step, account.profile);
      for (const name of prefill.locked) raw[name] = prefill.values[name];
      // What the register records (证书号, 有效期 …) is not retyped: it is forced like identity fields.
      if (offer?.available) for (const [name, value] of Object.entries(offer.locked)) if (step.fields.some((f) => f.name === name)) raw[name] = value;
      const errors = validateStep(step, raw, ctx);
      const value = cleanStep(step, raw, ctx) as Record<string, unknown>;
      if (errors.length === 0 && offer) errors.push(...deps.register.check(item, offer, value));
      if (errors.length > 0) throw appError('STEP_INVALID', undefined, { fieldErrors: errors });
      return { key: step.key, value };
    }
    if (step.kind === 'attachments') return { key: step.key, value: {} };
    throw appError('REVIEW_STEP_NOT_SAVABLE');
  }

  /** The whole application against the definition and, for 申请内容, against the register. */
  async function checkedAgainstRegister(executor: Kysely<DB>, account: Account, item: ItemDefinition, data: StepData, slots: ReadonlySet<string>): Promise<FieldError[]> {
    const offer = await deps.register.constraints(executor, account, item, data);
    const errors = validateApplication(item, data, slots, { today: clock.now(), ...(offer?.qualifications ? { allowedQualifications: offer.qualifications } : {}) });
    if (errors.length === 0 && offer) {
      const step = formSteps(item).find((s) => s.fields.some((f) => f.name === APPLICATION_TYPE_FIELD));
      if (step) errors.push(...deps.register.check(item, offer, data[step.key] ?? {}, `${step.key}.`));
    }
    return errors;
  }

  return {
    /** 我的申报. */
    async list(actor: Actor) {
      const account = requireAccount(actor);
      return listOwnApplications(db, account.id);
    },

    /** What /items/:code/apply needs: the prefill and the open application of this item, if any. */
    async start(actor: Actor, code: string) {
      const { account: a, item } = applicantItem(actor, code);
      const open = await findOpenApplication(db, a.id, item.code);
      const first = item.steps[0]!;
      return {
        item: item.code,
        step: first.key,
        prefill: prefillStep(first, a.profile, basicInfoOf(a.basicInfo)),
        open: open ? { id: open.id, status: open.status, number: open.number } : null,
        // What the register holds for this applicant and what each 申请内容 offers (wizard step 2).
        register: item.result.register ? await deps.register.offers(a, item) : null,
      };
    },

    /**
     * 延续 from 我的资质 or a reminder's link: a draft with what the register and the last case know —
     * the first step from the latest application (saved when it still validates), 申请内容 = 延续 with
     * every held qualification, 证书编号 and 有效期 from the register. An open 延续 draft is reused.
     */
    async renewalDraft(actor: Actor, certificateId: string) {
      const cert = await deps.register.ownCertificate(actor, certificateId);
      const { account: a, item } = applicantItem(actor, cert.item);
      const type = item.applicationTypes.find((t) => t.outcome === 'renew');
      if (!type) throw appError('RENEWAL_NOT_OFFERED');
      const open = await findOpenApplication(db, a.id, item.code);
      if (open) {
        if (open.status === 'draft' && open.applicationType === type.value) return { id: open.id, item: item.code };
        throw openConflict(item, open);
      }
      const offer = offerFor(item, type, await deps.register.heldBy(db, a, item));
      if (!offer.available) throw appError('RENEWAL_NOT_AVAILABLE', { reason: offer.reason });
      const ctx = { today: clock.now(), ...(offer.qualifications ? { allowedQualifications: offer.qualifications } : {}) };
      const [first, contentStep] = formSteps(item);
      const prefill = prefillStep(first!, a.profile, basicInfoOf(a.basicInfo));
      const applicant = { ...(await findLatestApplicantStep(db, a.id, item.code, first!.key)), ...prefill.values };
      const savedSteps: string[] = [];
      if (validateStep(first!, applicant, ctx).length === 0) savedSteps.push(first!.key);
      const content: Record<string, unknown> = { [APPLICATION_TYPE_FIELD]: type.value, ...offer.locked };
      const qualificationsField = item.result.register?.fields.qualifications;
      if (qualificationsField && offer.qualifications) content[qualificationsField] = [...offer.qualifications];
      if (savedSteps.length > 0 && validateStep(contentStep!, content, ctx).length === 0) savedSteps.push(contentStep!.key);
      const id = randomUUID();
      const now = clock.now();
      try {
        await db.transaction().execute(async (tx) => {
          await insertApplication(tx, {
            id,
            accountId: a.id,
            item: item.code,
            applicationType: type.value,
            data: { [first!.key]: cleanStep(first!, applicant, ctx), [contentStep!.key]: cleanStep(contentStep!, content, ctx) },
            savedSteps,
            now,
          });
          await audit.record({ action: 'application.create', actorAccountId: a.id, objectType: 'application', objectId: id, actor, details: { item: item.code, renewal: cert.number } }, tx);
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          const winner = await findOpenApplication(db, a.id, item.code);
          if (winner) throw openConflict(item, winner);
        }
        throw error;
      }
      return { id, item: item.code };
    },

    /** 暂存 of the first step creates the draft; a second open application of the same item is refused. */
    async create(actor: Actor, code: string, values: unknown) {
      const { account: a, item } = applicantItem(actor, code);
      const first = checkedStep(item, a, item.steps[0]!.key, values, {}, []);
      const id = randomUUID();
      const now = clock.now();
      const existing = await findOpenApplication(db, a.id, item.code);
      if (existing) throw openConflict(item, existing);
      try {
        await db.transaction().execute(async (tx) => {
          await insertApplication(tx, { id, accountId: a.id, item: item.code, applicationType: null, data: { [first.key]: first.value }, savedSteps: [first.key], now });
          await audit.record({ action: 'application.create', actorAccountId: a.id, objectType: 'application', objectId: id, actor, details: { item: item.code } }, tx);
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          const winner = await findOpenApplication(db, a.id, item.code);
          if (winner) throw openConflict(item, winner);
        }
        throw error;
      }
      return this.get(actor, id);
    },

    async get(actor: Actor, id: string) {
      const application = await ownOrThrow(requireAccount(actor), id);
      const attachments = await listAttachments(db, application.id);
      return presentApplication(application, attachments);
    },

    /** 暂存 of one step, refused with 409 when the draft changed since `version` was read. */
    async saveStep(actor: Actor, id: string, stepKey: string, version: number, values: unknown) {
      const account = requireAccount(actor);
      const application = await ownOrThrow(account, id);
      editableOrThrow(application, { step: stepKey });
      const item = itemOf(application);
      eligibleOrThrow(item, account);
      const data = { ...(application.data as StepData) };
      const saved = [...(application.savedSteps as string[])];
      const scoped = correctionScope(application, stepKey, values);
      const offer = findStep(item, stepKey)?.fields.some((f) => f.name === APPLICATION_TYPE_FIELD)
        ? await deps.register.constraints(db, account, item, { ...data, [stepKey]: isRecord(scoped) ? scoped : {} })
        : undefined;
      const step = checkedStep(item, account, stepKey, scoped, data, saved, offer);
      if (findStep(item, stepKey)?.kind === 'attachments') {
        const present = new Set((await listAttachments(db, application.id)).map((a) => a.slot));
        const missing = attachmentsStepOf(item)!.slots.filter((s) => s.required && !present.has(s.key));
        if (missing.length > 0) {
          throw appError('ATTACHMENTS_MISSING', undefined, { fieldErrors: missing.map((s) => ({ path: `attachments.${s.key}`, message: `请上传${s.title}` })) });
        }
      }
      data[step.key] = step.value;
      if (!saved.includes(step.key)) saved.push(step.key);
      const applicationType = applicationTypeOf(item, data)?.value ?? null;
      const updated = await updateDraft(
        db,
        { id, accountId: account.id, expectedVersion: version, status: application.status, applicationType, data, savedSteps: saved, now: clock.now() },
        auditRow({ action: 'application.save-step', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { step: stepKey } }),
      );
      if (updated === undefined) throw staleDraft();
      return presentApplication(updated.application, updated.attachments);
    },

    /** 删除草稿: the draft, its attachments and their bytes. */
    async discard(actor: Actor, id: string) {
      const account = requireAccount(actor);
      const application = await ownOrThrow(account, id);
      editableOrThrow(application);
      const attachments = await listAttachments(db, id);
      await db.transaction().execute(async (tx) => {
        await deleteDraft(tx, id);
        await audit.record({ action: 'application.discard', actorAccountId: account.id, objectType: 'application', objectId: id, actor }, tx);
      });
      await Promise.all(attachments.map((a) => blobs.delete(a.blobKey)));
    },

    /** Stream, inspect, then keep: a refused or broken upload leaves no blob and no row. */
    async upload(actor: Actor, id: string, slot: string, file: { stream: Readable; filename: string }) {
      const account = requireAccount(actor);
      const application = await ownOrThrow(account, id);
      editableOrThrow(application, { slot });
      const item = itemOf(application);
      const slotDef = attachmentsStepOf(item)?.slots.find((s) => s.key === slot);
      if (!slotDef) throw appError('SLOT_NOT_FOUND');
      const staged = await blobs.stage(file.stream, { maxBytes: deps.maxUploadBytes }).catch((error: unknown) => {
        // The 413 names the slot, as every other refusal of an upload does.
        throw attachmentTooLarge(error, slotDef.title);
      });
      return keepStaged(staged, async (commit) => {
        const verdict = await inspector.inspect(staged.path, { account: account.id });
        if (!verdict.ok) {
          await audit.record({ action: 'attachment.reject', outcome: 'failure', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, code: verdict.code, details: verdict.details ?? [] } });
          throw attachmentRejected(verdict, slotDef.title);
        }
        const committedKey = await commit();
        const previous = await db.transaction().execute(async (tx) => {
          const locked = await ownOrThrow(account, id, tx, true);
          editableOrThrow(locked, { slot });
          const old = await findAttachment(tx, id, slot);
          // A file staff may have read (the case is submitted) is kept as an earlier version.
          if (old && locked.status !== 'draft') await keepAttachmentVersion(tx, old, clock.now());
          await upsertAttachment(tx, {
            id: randomUUID(),
            applicationId: id,
            slot,
            originalName: sanitizeFilename(file.filename),
            size: staged.size,
            sha256: staged.sha256,
            pages: verdict.pages,
            blobKey: committedKey,
            createdAt: clock.now(),
          });
          await audit.record({ action: 'attachment.upload', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, sha256: staged.sha256, size: staged.size, pages: verdict.pages } }, tx);
          return locked.status === 'draft' ? old : undefined;
        });
        if (previous) await dropReplaced(previous.blobKey);
        return this.get(actor, id);
      });
    },

    /** The documents added to a slot's dossier (其他附件), grouped per person in dossier order. */
    async dossier(actor: Actor, id: string, slot: string) {
      const application = await ownOrThrow(requireAccount(actor), id);
      dossierSlotOrThrow(itemOf(application), slot);
      return presentDossier(await listDossierParts(db, id, slot));
    },

    /**
     * A document of one person (or of the enterprise) for the dossier: a PDF inspected as every
     * upload is, or a JPEG or PNG scan whose header gives a sane size. Kept until removed.
     */
    async addDossierPart(actor: Actor, id: string, slot: string, meta: { group: DossierGroup; person: string; title: string }, file: { stream: Readable; filename: string }) {
      const { account } = await editableDossier(actor, id, slot);
      const person = meta.group === 'enterprise' ? '' : meta.person.trim();
      if (meta.group !== 'enterprise' && !person) throw appError('DOSSIER_PERSON_REQUIRED');
      const name = meta.title;
      const staged = await stagePart(file, name);
      return keepStaged(staged, async (commit) => {
        const { kind, pages } = await checkPart(staged, name, account.id);
        const committedKey = await commit();
        await db.transaction().execute(async (tx) => {
          const locked = await ownOrThrow(account, id, tx, true);
          editableOrThrow(locked, { slot });
          const place = placeOf(await listDossierParts(tx, id, slot), meta.group, person);
          const partId = randomUUID();
          await insertDossierPart(tx, {
            id: partId,
            applicationId: id,
            slot,
            personGroup: meta.group,
            person,
            ...place,
            title: meta.title,
            kind,
            originalName: partFilename(file.filename, kind),
            size: staged.size,
            sha256: staged.sha256,
            pages,
            blobKey: committedKey,
            createdAt: clock.now(),
          });
          await audit.record({ action: 'dossier.add', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, part: partId, group: meta.group, title: meta.title, kind, pages, sha256: staged.sha256 } }, tx);
        });
        return presentDossier(await listDossierParts(db, id, slot));
      });
    },

    async removeDossierPart(actor: Actor, id: string, slot: string, partId: string) {
      const { account } = await editableDossier(actor, id, slot);
      const removed = await db.transaction().execute(async (tx) => {
        const locked = await ownOrThrow(account, id, tx, true);
        editableOrThrow(locked, { slot });
        const part = await findDossierPart(tx, id, slot, partId);
        if (!part) throw appError('DOSSIER_PART_NOT_FOUND');
        await deleteDossierPart(tx, part.id);
        await audit.record({ action: 'dossier.remove', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, part: part.id, title: part.title } }, tx);
        return part;
      });
      await blobs.delete(removed.blobKey);
      return presentDossier(await listDossierParts(db, id, slot));
    },

    /** A document's file replaced (a clearer scan): same person, title and place in the dossier. */
    async replaceDossierPart(actor: Actor, id: string, slot: string, partId: string, file: { stream: Readable; filename: string }) {
      const { account } = await editableDossier(actor, id, slot);
      const known = await findDossierPart(db, id, slot, partId);
      if (!known) throw appError('DOSSIER_PART_NOT_FOUND');
      const staged = await stagePart(file, known.title);
      return keepStaged(staged, async (commit) => {
        const { kind, pages } = await checkPart(staged, known.title, account.id);
        const committedKey = await commit();
        const previous = await db.transaction().execute(async (tx) => {
          const locked = await ownOrThrow(account, id, tx, true);
          editableOrThrow(locked, { slot });
          const part = await findDossierPart(tx, id, slot, partId);
          if (!part) throw appError('DOSSIER_PART_NOT_FOUND');
          await replaceDossierPartFile(tx, part.id, { kind, originalName: partFilename(file.filename, kind), size: staged.size, sha256: staged.sha256, pages, blobKey: committedKey, createdAt: clock.now() });
          await audit.record({ action: 'dossier.replace', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, part: part.id, title: part.title, kind, pages, sha256: staged.sha256 } }, tx);
          return part;
        });
        await dropReplaced(previous.blobKey);
        return presentDossier(await listDossierParts(db, id, slot));
      });
    },

    /** A document one place up or down within its person, or a person within their group. */
    async moveDossierPart(actor: Actor, id: string, slot: string, target: { part: string } | { group: DossierGroup; person: string }, direction: 'up' | 'down') {
      const { account } = await editableDossier(actor, id, slot);
      await db.transaction().execute(async (tx) => {
        await ownOrThrow(account, id, tx, true);
        const parts = await listDossierParts(tx, id, slot);
        const known = 'part' in target ? parts.some((p) => p.id === target.part) : parts.some((p) => p.personGroup === target.group && p.person === target.person);
        if (!known) throw appError('DOSSIER_PART_NOT_FOUND');
        const orders = moved(parts, target, direction);
        // Already first or last: nothing to move, nothing to record.
        if (!orders) return;
        await reorderDossierParts(tx, orders);
        await audit.record({ action: 'dossier.move', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot, ...target, direction } }, tx);
      });
      return presentDossier(await listDossierParts(db, id, slot));
    },

    /**
     * The slot's PDF from its dossier: 目录, documents in order, bookmarks, assembled in the render
     * worker from the kept parts, then uploaded into the slot as any upload is (inspected, versioned).
     */
    async assembleDossier(actor: Actor, id: string, slot: string) {
      const { slotDef } = await editableDossier(actor, id, slot);
      const parts = await listDossierParts(db, id, slot);
      if (parts.length === 0) throw appError('DOSSIER_EMPTY');
      const dir = await mkdtemp(path.join(tmpdir(), 'zizhi-dossier-'));
      try {
        const sections = await Promise.all(
          dossierSections(parts).map(async (section) => ({
            title: section.title,
            parts: await Promise.all(
              section.parts.map(async (part) => {
                const file = path.join(dir, `${part.id}.${part.kind}`);
                await pipeline(await blobs.get(part.blobKey), createWriteStream(file));
                return { title: part.title, path: file, kind: part.kind };
              }),
            ),
          })),
        );
        const out = path.join(dir, 'dossier.pdf');
        await deps.render.dossier({ title: slotDef.title, sections, today: shanghaiDateOf(clock.now()) }, out);
        return await this.upload(actor, id, slot, { stream: createReadStream(out), filename: `${slotDef.title}（含目录）.pdf` });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async openAttachment(actor: Actor, id: string, slot: string) {
      const account = requireAccount(actor);
      const application = await ownOrThrow(account, id);
      const row = await findAttachment(db, application.id, slot);
      if (!row) throw appError('ATTACHMENT_NOT_FOUND');
      return { row, stream: await blobs.get(row.blobKey) };
    },

    /** The form the system writes for `slot` (申请表, 承诺书 …), filled from the draft as saved now. */
    async generatedForm(actor: Actor, id: string, slot: string) {
      const application = await ownOrThrow(requireAccount(actor), id);
      const item = itemOf(application);
      const today = shanghaiDateOf(clock.now());
      const form = generatedFormOrThrow(item, slot, { data: application.data as StepData, ...(application.number ? { number: application.number } : {}), today });
      return { title: form.title, pdf: await deps.render.form(form, today), blank: false };
    },

    async removeAttachment(actor: Actor, id: string, slot: string) {
      const account = requireAccount(actor);
      const application = await ownOrThrow(account, id);
      editableOrThrow(application, { slot });
      const row = await db.transaction().execute(async (tx) => {
        const locked = await ownOrThrow(account, id, tx, true);
        editableOrThrow(locked, { slot });
        const existing = await findAttachment(tx, id, slot);
        if (!existing) throw appError('ATTACHMENT_NOT_FOUND');
        const kept = locked.status !== 'draft';
        if (kept) await keepAttachmentVersion(tx, existing, clock.now());
        await deleteAttachment(tx, id, slot);
        await audit.record({ action: 'attachment.delete', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { slot } }, tx);
        return kept ? undefined : existing;
      });
      if (row) await blobs.delete(row.blobKey);
      return this.get(actor, id);
    },

    /** 补正 done: re-validate everything, then back to 受理 with the history kept. */
    async resubmit(actor: Actor, id: string, version: number) {
      const account = requireAccount(actor);
      await db.transaction().execute(async (tx) => {
        const application = await ownOrThrow(account, id, tx, true);
        if (application.status !== 'correction') throw appError('NOT_IN_CORRECTION');
        const item = itemOf(application);
        const slots = new Set((await listAttachments(tx, id)).map((a) => a.slot));
        const errors = await checkedAgainstRegister(tx, account, item, application.data as StepData, slots);
        if (errors.length > 0) throw appError('APPLICATION_INCOMPLETE', { first: errors[0]!.message }, { fieldErrors: errors });
        const now = clock.now();
        await applyTransition(tx, { audit, effects: deps.effects }, application, {
          action: 'resubmit',
          version,
          actor,
          roles: ['applicant'],
          now,
        });
        // What was sent this time, for staff to compare with the round before (and the 补正 request).
        await recordSubmittedRound(tx, id, now);
      });
      return this.get(actor, id);
    },

    /**
     * 提交: re-validate everything with the item definition, then atomically number the case and
     * record its first event. Submitting again answers with the same number (idempotent).
     */
    async submit(actor: Actor, id: string) {
      const account = requireAccount(actor);
      const result = await db.transaction().execute(async (tx) => {
        const application = await ownOrThrow(account, id, tx, true);
        if (application.status !== 'draft') return { number: application.number!, alreadySubmitted: true };
        const item = itemOf(application);
        eligibleOrThrow(item, account);
        const data = application.data as StepData;
        const slots = new Set((await listAttachments(tx, id)).map((a) => a.slot));
        const errors: FieldError[] = await checkedAgainstRegister(tx, account, item, data, slots);
        const unsaved = item.steps.filter((s) => s.kind !== 'review' && !(application.savedSteps as string[]).includes(s.key));
        errors.unshift(...unsaved.map((s) => ({ path: s.key, message: errorMessage('PREVIOUS_STEP_UNSAVED', { step: s.title }) })));
        if (errors.length > 0) throw appError('APPLICATION_INCOMPLETE', { first: errors[0]!.message }, { fieldErrors: errors });
        const type = applicationTypeOf(item, data);
        const workflowName = type ? workflowOf(item, type.value) : undefined;
        if (!workflowName) throw new Error(`no workflow for ${item.code}/${type?.value}`);
        const variant = getVariant(workflowName);
        const now = clock.now();
        const year = Number(shanghaiDateOf(now).slice(0, 4));
        const sequence = await nextApplicationSequence(tx, item.code, year);
        const number = formatApplicationNumber(item.code, year, sequence);
        await markSubmitted(tx, id, number, { name: variant.name, start: variant.start }, now);
        await recordSubmission(tx, { applicationId: id, actorAccountId: account.id, applicationType: type?.value, workflow: variant.name, at: now });
        await recordSubmittedRound(tx, id, now);
        await audit.record({ action: 'application.submit', actorAccountId: account.id, objectType: 'application', objectId: id, actor, details: { number } }, tx);
        await deps.effects.afterSubmit(tx, { ...application, number, submittedAt: now }, now);
        return { number, alreadySubmitted: false };
      });
      return { ...result, application: await this.get(actor, id) };
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;

function openConflict(item: ItemDefinition, open: Application): AppError {
  return appError('OPEN_APPLICATION_EXISTS', { item: item.title, openApplicationId: open.id, ...(open.status === 'draft' ? {} : { number: open.number ?? '' }) });
}

function staleDraft(): AppError {
  return appError('DRAFT_VERSION_CONFLICT');
}

function presentApplication(application: Application, attachments: Awaited<ReturnType<typeof listAttachments>>) {
  return {
    id: application.id,
    item: application.item,
    number: application.number,
    applicationType: application.applicationType,
    status: application.status,
    version: application.version,
    data: application.data,
    savedSteps: application.savedSteps,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    submittedAt: application.submittedAt,
    node: application.node,
    outcome: application.outcome,
    correction: application.correction as CorrectionRequest | null,
    attachments: attachments.map((a) => ({ slot: a.slot, originalName: a.originalName, size: Number(a.size), pages: a.pages, sha256: a.sha256, uploadedAt: a.createdAt })),
  };
}

export type ApplicationView = ReturnType<typeof presentApplication>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The name an upload is shown and downloaded under (never a path: blobs live under generated
 * keys): the last path segment, NFC, without control or bidirectional-override characters (a
 * "report\u202Efdp.exe" would read as "reportexe.pdf"), at most 200 characters cut between
 * characters, and always ending in .pdf so a saved copy opens as the PDF it was checked to be.
 */
export function sanitizeFilename(name: string): string {
  const base = name
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .normalize('NFC')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  const stem = base.replace(/^\.+$/, '').replace(/\.pdf$/i, '') || 'attachment';
  const ext = /\.pdf$/i.exec(base)?.[0] ?? '.pdf';
  const chars = [...stem];
  return `${chars.length > 196 ? chars.slice(0, 196).join('') : stem}${ext}`;
}

/** A scan's own extension, replaced by the one its bytes call for ("scan.jpeg" → "scan.jpg"). */
const SCAN_EXTENSION = { jpeg: /\.jpe?g$/i, png: /\.png$/i } as const;

/** `sanitizeFilename` for a dossier document: its name ends as what its bytes are (.pdf, .jpg, .png). */
function partFilename(name: string, kind: 'pdf' | 'jpeg' | 'png'): string {
  const stem = sanitizeFilename(name).replace(/\.pdf$/i, '');
  if (kind === 'pdf') return `${stem}.pdf`;
  return `${stem.replace(SCAN_EXTENSION[kind], '')}${kind === 'jpeg' ? '.jpg' : '.png'}`;
}
