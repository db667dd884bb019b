import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ID_TYPES } from '../../domain/roles.ts';

/**
 * Which claims of an OpenID Connect issuer say who a person is (OIDC_CLAIM_MAP): the account
 * kind and its values, the enterprise's and the person's identity, the contacts, and the scopes
 * to ask for. The defaults are the bundled identity provider's own claim names.
 */

/** A claim name, or a path into nested claims: "user.org.uscc" or ["https://id.example/claims", "uscc"]. */
export type ClaimPath = string | readonly string[];

/** Profile keys the app keeps (src/domain/items/prefill.ts reads them) and where each comes from. */
export const PROFILE_CLAIMS = ['orgName', 'uscc', 'legalRep', 'agentName', 'name', 'idType', 'idNumber', 'mobile', 'email'] as const;
export type ProfileClaimKey = (typeof PROFILE_CLAIMS)[number];

export interface ClaimMap {
  /** Space-separated scopes of the authorization request; always includes openid. */
  scope: string;
  /** The claim carrying the account kind, and which of its values mean 法人 and 自然人. */
  kind?: { claim: ClaimPath; legal: readonly string[]; natural?: readonly string[] };
  claims: Partial<Record<ProfileClaimKey, ClaimPath>>;
  /** The issuer's 证件类型 values (e.g. GB/T codes "111") → the app's labels (居民身份证 …). */
  idTypes?: Readonly<Record<string, string>>;
}

/** The bundled identity provider's claims (provider.ts claimsOf); also the default for OIDC_ISSUER. */
export const BUNDLED_CLAIM_MAP: ClaimMap = {
  scope: 'openid profile email phone zizhi',
  kind: { claim: 'account_kind', legal: ['legal'], natural: ['natural'] },
  claims: {
    orgName: 'org_name',
    uscc: 'uscc',
    legalRep: 'legal_rep',
    agentName: 'agent_name',
    name: 'name',
    idType: 'id_type',
    idNumber: 'id_number',
    mobile: 'phone_number',
    email: 'email',
  },
};

/**
 * Staff kind and roles: read only from the staff issuer (the bundled identity provider, where the
 * 安全管理员 grants roles), never from the applicants' external issuer.
 */
export const BUNDLED_STAFF_CLAIMS = { kindValue: 'staff', roles: 'roles' } as const;

const PATH_MESSAGE = '应为声明名称（如 "uscc"）、以“.”分隔的路径（如 "user.org.uscc"）或名称数组';
const claimName = z.string({ error: PATH_MESSAGE }).trim().min(1, PATH_MESSAGE).max(200, PATH_MESSAGE);
const claimPath = z.union([claimName, z.array(claimName, { error: PATH_MESSAGE }).min(1, PATH_MESSAGE).max(10, PATH_MESSAGE)], { error: PATH_MESSAGE });
const kindValues = z.array(z.union([z.string().min(1), z.number(), z.boolean()]), { error: '应为取值数组，如 ["2", "legal"]' }).min(1, '至少列出一个取值');

const unknownKey = (where: string, extra = '') => (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `${where}不认识的键：${(issue.keys ?? []).join('、')}${extra}` : undefined;

const ClaimMapSchema = z.strictObject(
  {
    scope: z
      .string({ error: '应为以空格分隔的 scope，如 "openid profile"' })
      .trim()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, '应为以单个空格分隔的 scope，如 "openid profile"')
      .refine((s) => s.split(' ').includes('openid'), '必须包含 openid')
      .optional(),
    kind: z
      .strictObject(
        { claim: claimPath, legal: kindValues, natural: kindValues.optional() },
        { error: unknownKey('kind 中', '（只有 claim、legal、natural）') },
      )
      .optional(),
    claims: z.strictObject(Object.fromEntries(PROFILE_CLAIMS.map((k) => [k, claimPath.optional()])) as Record<ProfileClaimKey, z.ZodOptional<typeof claimPath>>, {
      error: unknownKey('claims 中', `（可用：${PROFILE_CLAIMS.join('、')}；工作人员岗位不从外部身份认证读取）`),
    }),
    idTypes: z.record(z.string().min(1), z.enum(ID_TYPES, { error: `应为以下证件类型之一：${ID_TYPES.join('、')}` })).optional(),
  },
  { error: unknownKey('', '（只有 scope、kind、claims、idTypes；工作人员身份和岗位不从外部身份认证读取）') },
);

/** Checks a parsed claim-map document; each problem names its key (`claims.uscc: …`). */
export function parseClaimMap(input: unknown): { ok: true; map: ClaimMap } | { ok: false; problems: string[] } {
  const parsed = ClaimMapSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`) };
  }
  const { scope, kind, claims, idTypes } = parsed.data;
  const problems: string[] = [];
  const legal = kind?.legal.map(String) ?? [];
  const natural = kind?.natural?.map(String);
  const both = natural?.filter((v) => legal.includes(v)) ?? [];
  if (both.length > 0) problems.push(`kind: 取值 ${both.join('、')} 不能同时表示法人和自然人`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    map: {
      scope: scope ?? 'openid profile email phone',
      ...(kind ? { kind: { claim: kind.claim, legal, ...(natural ? { natural } : {}) } } : {}),
      claims: Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)),
      ...(idTypes ? { idTypes } : {}),
    },
  };
}

/** Reads and checks the OIDC_CLAIM_MAP file; problems are phrased for the start-up message. */
export function loadClaimMapFile(file: string): { ok: true; map: ClaimMap } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`无法读取声明映射文件 ${file}（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`声明映射文件 ${file} 不是有效的 JSON（${(error as Error).message}）`] };
  }
  return parseClaimMap(json);
}

/** What a mapping cannot do, said once at start (logged as warnings). */
export function claimMapWarnings(map: ClaimMap): string[] {
  const warnings: string[] = [];
  if (!map.kind && !map.claims.uscc) {
    warnings.push('声明映射未配置账号类型（kind）和统一社会信用代码（claims.uscc）：无法识别企业（法人）用户，企业事项的登录将被拒绝');
  } else if (!map.claims.uscc) {
    warnings.push('声明映射未配置统一社会信用代码（claims.uscc）：统一身份认证认定为企业的账号将无法登录');
  }
  if (!map.claims.orgName && map.claims.uscc) warnings.push('声明映射未配置单位名称（claims.orgName）：企业名称将取自 claims.name');
  if (!map.claims.name) warnings.push('声明映射未配置姓名（claims.name）：自然人的姓名无法带出');
  if (!map.claims.idNumber) warnings.push('声明映射未配置证件号码（claims.idNumber）：自然人的证件号码无法带出');
  return warnings;
}

/**
 * The value at `path` in the claims, as text: a string trimmed, a number or boolean as written;
 * undefined for anything else (objects, arrays, empty strings). A name that is itself a claim
 * ("https://id.example/uscc", "a.b") wins over reading it as a path.
 */
export function resolveClaim(claims: Readonly<Record<string, unknown>>, path: ClaimPath | undefined): string | undefined {
  if (path === undefined) return undefined;
  const steps = typeof path === 'string' ? (Object.hasOwn(claims, path) ? [path] : path.split('.')) : path;
  let value: unknown = claims;
  for (const step of steps) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** An array claim (roles) as strings; undefined when absent or not an array. */
export function resolveClaimList(claims: Readonly<Record<string, unknown>>, path: string): string[] | undefined {
  const value = Object.hasOwn(claims, path) ? claims[path] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}
