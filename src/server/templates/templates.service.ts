/**
 * 一次性告知 phrase templates: the 负责人 keeps, per role, the standard wording of 补正 requests and
 * refusal opinions (so fifty applicants are told the same thing the same way); staff of a role
 * read theirs and insert one into the opinion they write. Changes are audited.
 */
import type { Kysely } from 'kysely';
import type { OpinionTemplateInput, TemplateRole } from '../../contract/staff.ts';
import type { StaffRole } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { caseRolesOrThrow, requireRole } from '../auth/staff-roles.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { deleteTemplate, findTemplate, insertTemplate, listTemplates, titleTaken, updateTemplate } from './templates.repository.ts';

const isId = (id: string) => /^\d{1,18}$/.test(id);

export function createTemplatesService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock }) {
  const { db, audit, clock } = deps;

  /** Trimmed title and body, both required; the title unique within its role. */
  async function checked(executor: Kysely<DB>, input: OpinionTemplateInput, exceptId?: string) {
    const title = input.title.trim();
    const body = input.body.trim();
    if (!title) throw appError('TEMPLATE_INCOMPLETE', { field: 'title' });
    if (!body) throw appError('TEMPLATE_INCOMPLETE', { field: 'body' });
    if (await titleTaken(executor, input.role, title, exceptId)) throw appError('TEMPLATE_TITLE_TAKEN', { role: input.role as StaffRole, title });
    return { role: input.role, title, body };
  }

  async function present(roles?: readonly string[]) {
    // Rows are written only through OpinionTemplateInputSchema, whose roles are TEMPLATE_ROLES.
    return { templates: (await listTemplates(db, roles)).map((t) => ({ ...t, role: t.role as TemplateRole })) };
  }

  return {
    /** The 负责人 sees every role's templates; anyone else those of their own roles. */
    async list(actor: Actor) {
      const { roles } = caseRolesOrThrow(actor);
      return present(roles.includes('head') ? undefined : roles);
    },

    async create(actor: Actor, input: OpinionTemplateInput) {
      const { account } = requireRole(actor, ['head']);
      await db.transaction().execute(async (tx) => {
        const t = await checked(tx, input);
        const id = await insertTemplate(tx, { ...t, updatedBy: account.id, updatedAt: clock.now() });
        await audit.record({ action: 'template.create', actorAccountId: account.id, objectType: 'opinion_template', objectId: id, actor, details: { role: t.role, title: t.title } }, tx);
      });
      return present();
    },

    async update(actor: Actor, id: string, input: OpinionTemplateInput) {
      const { account } = requireRole(actor, ['head']);
      await db.transaction().execute(async (tx) => {
        const before = isId(id) ? await findTemplate(tx, id) : undefined;
        if (!before) throw appError('TEMPLATE_NOT_FOUND');
        const t = await checked(tx, input, id);
        await updateTemplate(tx, id, { ...t, updatedBy: account.id, updatedAt: clock.now() });
        await audit.record(
          { action: 'template.update', actorAccountId: account.id, objectType: 'opinion_template', objectId: id, actor, details: { role: t.role, title: t.title, before: { role: before.role, title: before.title, body: before.body } } },
          tx,
        );
      });
      return present();
    },

    async remove(actor: Actor, id: string) {
      const { account } = requireRole(actor, ['head']);
      await db.transaction().execute(async (tx) => {
        const before = isId(id) ? await findTemplate(tx, id) : undefined;
        if (!before) throw appError('TEMPLATE_NOT_FOUND');
        await deleteTemplate(tx, id);
        await audit.record(
          { action: 'template.delete', actorAccountId: account.id, objectType: 'opinion_template', objectId: id, actor, details: { role: before.role, title: before.title, body: before.body } },
          tx,
        );
      });
      return present();
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
