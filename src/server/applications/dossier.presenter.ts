import { dossierSections } from '../../domain/dossier/index.ts';
import type { DossierView } from '../../contract/applications.ts';
import type { Presented } from '../http/contract.ts';
import type { DossierPartRow } from './dossier.repository.ts';

export function presentDossier(parts: readonly DossierPartRow[]): Presented<DossierView> {
  return {
    sections: dossierSections(parts).map((s) => ({
      group: s.group,
      person: s.person,
      title: s.title,
      parts: s.parts.map((p) => ({ id: p.id, title: p.title, kind: p.kind, originalName: p.originalName, size: Number(p.size), pages: p.pages, uploadedAt: p.createdAt })),
    })),
  };
}
