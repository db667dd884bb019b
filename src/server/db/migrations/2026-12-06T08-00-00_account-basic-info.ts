import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.

// 完善基本信息: what an applicant keeps once (邮政编码, 通讯地址, 电话, 委托代理人 …) and every
// item's first step takes (issue 16). Kept apart from `profile`, which every login overwrites with
// the identity service's claims.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table accounts add column basic_info jsonb not null default '{}'::jsonb`.execute(db);
  await sql`alter table accounts add column basic_info_updated_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table accounts drop column basic_info_updated_at`.execute(db);
  await sql`alter table accounts drop column basic_info`.execute(db);
}
