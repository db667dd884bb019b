/**
 * The dossier of 其他附件 as the manual's 温馨提示 orders it: per person, 技术负责人 first, then every
 * 注册人员, then every 非注册人员, each person's papers together; then the enterprise's own
 * materials. The system assembles the one PDF (server/dossier/assemble.ts) with a 目录 and bookmarks.
 */
import type { ItemDefinition } from '../items/types.ts';

export const DOSSIER_GROUPS = [
  { key: 'lead', label: '技术负责人' },
  { key: 'registered', label: '注册人员' },
  { key: 'unregistered', label: '非注册人员' },
  { key: 'enterprise', label: '企业材料' },
] as const;

export type DossierGroup = (typeof DOSSIER_GROUPS)[number]['key'];

/** The papers the manual names per person, offered first when adding one. */
export const PERSON_DOCUMENTS = ['身份证', '毕业证', '职称证', '注册执业证书', '《专业技术人员基本情况及业绩表》', '劳动合同或社会保险证明'] as const;

/** The slot whose PDF is assembled: 其他附件 of the enterprise items (the manual's per-person rule). */
export const DOSSIER_SLOT = 'otherAttachments';

export function hasDossier(item: ItemDefinition, slot: string): boolean {
  return slot === DOSSIER_SLOT && item.applicantKind === 'enterprise' && item.attachmentSlots.some((s) => s.key === slot);
}

export function groupLabel(group: DossierGroup): string {
  return DOSSIER_GROUPS.find((g) => g.key === group)!.label;
}

/** A section's title in the 目录 and the bookmarks: the person with their role, or 企业材料. */
export function sectionTitle(group: DossierGroup, person: string): string {
  return group === 'enterprise' ? groupLabel(group) : `${groupLabel(group)} ${person}`;
}

export const groupRank = (group: DossierGroup) => DOSSIER_GROUPS.findIndex((g) => g.key === group);

export interface PartPlace {
  id: string;
  personGroup: DossierGroup;
  person: string;
  personOrder: number;
  partOrder: number;
}

/** Parts in dossier order: group, then person, then document. */
export function inDossierOrder<T extends PartPlace>(parts: readonly T[]): T[] {
  return [...parts].sort((a, b) => groupRank(a.personGroup) - groupRank(b.personGroup) || a.personOrder - b.personOrder || a.partOrder - b.partOrder);
}

/** Parts grouped per person (one section each), in dossier order. */
export function dossierSections<T extends PartPlace>(parts: readonly T[]): { group: DossierGroup; person: string; title: string; parts: T[] }[] {
  const sections: { group: DossierGroup; person: string; title: string; parts: T[] }[] = [];
  for (const part of inDossierOrder(parts)) {
    const last = sections.at(-1);
    if (last && last.group === part.personGroup && last.person === part.person) last.parts.push(part);
    else sections.push({ group: part.personGroup, person: part.person, title: sectionTitle(part.personGroup, part.person), parts: [part] });
  }
  return sections;
}

/** Where a new document of `person` goes: after their others; a new person after the group's last. */
export function placeOf(parts: readonly PartPlace[], group: DossierGroup, person: string): { personOrder: number; partOrder: number } {
  const same = parts.filter((p) => p.personGroup === group && p.person === person);
  if (same.length > 0) return { personOrder: same[0]!.personOrder, partOrder: Math.max(...same.map((p) => p.partOrder)) + 1 };
  const group_ = parts.filter((p) => p.personGroup === group);
  return { personOrder: group_.length > 0 ? Math.max(...group_.map((p) => p.personOrder)) + 1 : 1, partOrder: 1 };
}

/**
 * New orders after moving a document within its person, or a person within their group, one place
 * `direction`; undefined when it is already first or last there.
 */
export function moved(parts: readonly PartPlace[], target: { part: string } | { group: DossierGroup; person: string }, direction: 'up' | 'down'): { id: string; personOrder: number; partOrder: number }[] | undefined {
  const step = direction === 'up' ? -1 : 1;
  if ('part' in target) {
    const part = parts.find((p) => p.id === target.part);
    if (!part) return undefined;
    const siblings = inDossierOrder(parts.filter((p) => p.personGroup === part.personGroup && p.person === part.person));
    const other = siblings[siblings.findIndex((p) => p.id === part.id) + step];
    if (!other) return undefined;
    return [
      { id: part.id, personOrder: part.personOrder, partOrder: other.partOrder },
      { id: other.id, personOrder: other.personOrder, partOrder: part.partOrder },
    ];
  }
  const people = dossierSections(parts.filter((p) => p.personGroup === target.group));
  const at = people.findIndex((s) => s.person === target.person);
  const other = people[at + step];
  if (at < 0 || !other) return undefined;
  const mine = people[at]!;
  const [a, b] = [mine.parts[0]!.personOrder, other.parts[0]!.personOrder];
  return [...mine.parts.map((p) => ({ id: p.id, personOrder: b, partOrder: p.partOrder })), ...other.parts.map((p) => ({ id: p.id, personOrder: a, partOrder: p.partOrder }))];
}
