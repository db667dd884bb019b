import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type AccountKind = 'legal' | 'natural' | 'staff';

export interface AccountsTable {
  id: string;
  issuer: string;
  subject: string;
  kind: AccountKind;
  displayName: string;
  profile: Json<Record<string, string>>;
  roles: Json<string[]>;
  createdAt: Generated<Date>;
  lastLoginAt: Timestamp | null;
}

export interface SessionsTable {
  idHash: string;
  accountId: string | null;
  csrfToken: string;
  data: Json<Record<string, unknown>>;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
}

export interface IdpUsersTable {
  id: string;
  kind: AccountKind;
  uscc: string | null;
  idType: string | null;
  idNumber: string | null;
  mobile: string;
  email: string | null;
  username: string | null;
  passwordHash: string;
  profile: Json<Record<string, string>>;
  roles: Json<string[]>;
  disabled: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface IdpLoginFailuresTable {
  identifierHash: string;
  failures: number;
  windowStartedAt: Timestamp;
  lockedUntil: Timestamp | null;
}

export interface IdpStoreTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  accountId: string | null;
  expiresAt: Timestamp | null;
  consumedAt: Timestamp | null;
}

export interface AppSecretsTable {
  name: string;
  value: Json<unknown>;
  createdAt: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actorAccountId: string | null;
  actorLabel: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: Generated<string>;
  clientIp: string | null;
  requestId: string | null;
  details: Json<Record<string, unknown>>;
}

export interface DB {
  accounts: AccountsTable;
  sessions: SessionsTable;
  idpUsers: IdpUsersTable;
  idpLoginFailures: IdpLoginFailuresTable;
  idpStore: IdpStoreTable;
  appSecrets: AppSecretsTable;
  auditLog: AuditLogTable;
}

export type Account = Selectable<AccountsTable>;
export type IdpUser = Selectable<IdpUsersTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
