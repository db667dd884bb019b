import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { BUNDLED_CLAIM_MAP, loadClaimMapFile, type ClaimMap } from './auth/identity-mapping.ts';
import type { ClientAuth } from './auth/relying-party.ts';

/** Every environment variable the server reads; nothing else touches process.env. */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number({ error: '应为 0–65535 之间的端口号' }).int('应为整数端口号').min(0).max(65535, '应为 0–65535 之间的端口号').default(3000),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: '应为 http:// 或 https:// 开头的完整地址' }).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, '应为 postgres:// 开头的连接串')
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number({ error: '应为 1–200 之间的整数' }).int().min(1).max(200, '应为 1–200 之间的整数').default(10),
    // Server processes sharing the port (node:cluster): a number, or auto (one per core).
    WEB_CONCURRENCY: z.union([z.literal('auto'), z.coerce.number({ error: '应为 1–64 之间的整数或 auto' }).int('应为 1–64 之间的整数或 auto').min(1, '应为 1–64 之间的整数或 auto').max(64, '应为 1–64 之间的整数或 auto')]).default(1),
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: '应为身份认证服务的 issuer 地址（http(s)://…）' }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_TOKEN_AUTH: z
      .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt'], { error: '应为 client_secret_basic、client_secret_post 或 private_key_jwt' })
      .optional(),
    OIDC_CLIENT_KEY_FILE: z.string().min(1).optional(),
    OIDC_CLIENT_KEY_ID: z.string().min(1).max(200).optional(),
    // The redirect URI registered at the issuer: it must reach this app's /auth/callback (through a proxy if any).
    OIDC_REDIRECT_URI: z
      .url({ protocol: /^https?$/, error: '应为在统一身份认证登记的回调地址（http(s)://…/auth/callback）' })
      .refine((u) => !URL.canParse(u) || (new URL(u).pathname.endsWith('/auth/callback') && !new URL(u).search && !new URL(u).hash), '回调地址的路径应以 /auth/callback 结尾，且不带查询参数')
      .optional(),
    OIDC_CLAIM_MAP: z.string().min(1).optional(),
    IDP_HOTLINE: z.string().min(1).default('010-58511090（工作日：9:00 - 17:30）'),
    SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    UPLOAD_MAX_MB: z.coerce.number({ error: '应为 1–2048 之间的整数（MB）' }).int().min(1).max(2048, '应为 1–2048 之间的整数（MB）').default(100),
    // Inflate budget of an uploaded PDF: all its streams decoded, at most max(MIN_MB, RATIO × file size).
    PDF_INFLATE_RATIO: z.coerce.number({ error: '应为 1–1000 之间的整数' }).int('应为 1–1000 之间的整数').min(1, '应为 1–1000 之间的整数').max(1000, '应为 1–1000 之间的整数').default(32),
    PDF_INFLATE_MIN_MB: z.coerce.number({ error: '应为 1–65536 之间的整数（MB）' }).int('应为 1–65536 之间的整数（MB）').min(1, '应为 1–65536 之间的整数（MB）').max(65536, '应为 1–65536 之间的整数（MB）').default(256),
    BLOB_DIR: z.string().min(1).optional(),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的对象存储地址' }).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
    S3_PREFIX: z.string().default(''),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: '应为 smtp:// 或 smtps:// 开头的邮件服务器地址，如 smtp://user:pass@mail.example.gov.cn:587' })
      .optional(),
    // One address, optionally with a display name; no CR/LF (it becomes a header).
    MAIL_FROM: z
      .string()
      .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, '应为发件人地址，如 北京市规划和自然资源委员会 <noreply@example.gov.cn>')
      .default('北京市规划和自然资源委员会 <noreply@zizhi.local>'),
    OUTBOX_POLL_SECONDS: z.coerce
      .number({ error: '应为 1–3600 之间的整数（秒）' })
      .int('应为 1–3600 之间的整数（秒）')
      .min(1, '应为 1–3600 之间的整数（秒）')
      .max(3600, '应为 1–3600 之间的整数（秒）')
      .default(5),
    // 网络安全法 Art. 21: network logs are kept at least six months; the audit_log trigger refuses less.
    AUDIT_RETENTION_DAYS: z.coerce
      .number({ error: '应为 180–36500 之间的整数（天）' })
      .int('应为 180–36500 之间的整数（天）')
      .min(180, '审计日志至少保存 180 天（六个月，网络安全法第二十一条）')
      .max(36500, '应为 180–36500 之间的整数（天）')
      .default(1095),
    // Browser tests only: lets a test run the 公示 period job as of a later date. Never in production.
    TEST_HOOKS: z.enum(['true', 'false']).default('false'),
  })
  // Cross-field rules run even when a field failed (when: () => true), so every problem is reported at once.
  .superRefine((env, ctx) => {
    if (env.OIDC_ISSUER) {
      const keyJwt = env.OIDC_TOKEN_AUTH === 'private_key_jwt';
      for (const key of ['OIDC_CLIENT_ID', keyJwt ? 'OIDC_CLIENT_KEY_FILE' : 'OIDC_CLIENT_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: keyJwt && key !== 'OIDC_CLIENT_ID' ? 'OIDC_TOKEN_AUTH=private_key_jwt 时必须提供私钥文件' : '设置了 OIDC_ISSUER 时必须提供' });
      }
    } else {
      for (const key of ['OIDC_TOKEN_AUTH', 'OIDC_CLIENT_KEY_FILE', 'OIDC_CLIENT_KEY_ID', 'OIDC_REDIRECT_URI', 'OIDC_CLAIM_MAP'] as const) {
        if (env[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: '仅在设置 OIDC_ISSUER（外部统一身份认证）时有效' });
      }
    }
    if (env.S3_BUCKET && Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3 访问密钥须成对设置' });
    }
    if (env.WEB_CONCURRENCY !== 1 && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['WEB_CONCURRENCY'], message: '嵌入式数据库只能由一个进程打开：多进程运行须设置 DATABASE_URL（PostgreSQL），否则请设为 1' });
    }
    if (env.NODE_ENV === 'production' && env.TEST_HOOKS === 'true') {
      ctx.addIssue({ code: 'custom', path: ['TEST_HOOKS'], message: '生产环境不得开启测试接口' });
    }
    if (env.NODE_ENV === 'production' && env.PUBLIC_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: '生产环境必须设置对外访问地址' });
    }
  }, { when: () => true });

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Origin + optional path prefix the browser sees, without trailing slash. */
  publicUrl: string;
  secureCookies: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /** Server processes (node:cluster workers) sharing the port; 1: this process serves. */
  webConcurrency: number;
  /**
   * Applicants' identity provider: the bundled one, or an external 统一身份认证. Staff always log in
   * through the bundled identity provider (password + 动态口令), whichever this is.
   */
  oidc: { mode: 'bundled' } | ExternalOidcConfig;
  hotline: string;
  seedDemo: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  logLevel: string;
  session: { idleMs: number; absoluteMs: number };
  uploadMaxBytes: number;
  /** Inflate budget of an uploaded PDF (docs/security.md): max(minBytes, ratio × file size). */
  pdfInflate: { ratio: number; minBytes: number };
  blobs:
    | { kind: 'local'; dir: string }
    | { kind: 's3'; bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean; prefix: string };
  /** Outgoing email; without `smtpUrl` email stays queued in the outbox (SMS still goes out). */
  mail: { smtpUrl?: string; from: string };
  /** How often the outbox worker looks for due messages. */
  outboxPollMs: number;
  /** Audit rows older than this are deleted by the daily purge (at least 180). */
  auditRetentionDays: number;
  /** POST /__test/notice-periods/close for browser tests; refused in production. */
  testHooks: boolean;
}

export interface ExternalOidcConfig {
  mode: 'external';
  issuer: string;
  clientId: string;
  clientAuth: ClientAuth;
  redirectUri: string;
  /** Which claims say who a person is (OIDC_CLAIM_MAP; the bundled IdP's names by default). */
  claimMap: ClaimMap;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`配置错误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once; report every problem at once, each naming its variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  // The files OIDC_* name are read even when another variable failed: every problem at once.
  const files = readOidcFiles(cleaned);
  if (!parsed.success || files.problems.length > 0) {
    throw new ConfigError([
      ...(parsed.success ? [] : parsed.error.issues).map((issue) => {
        const key = String(issue.path[0] ?? '');
        const value = key === 'OIDC_CLIENT_SECRET' ? undefined : env[key];
        return `${key}: ${issue.message}${value === undefined ? '' : `（当前值：${JSON.stringify(withoutPassword(value))}）`}`;
      }),
      ...files.problems,
    ]);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    webConcurrency: e.WEB_CONCURRENCY === 'auto' ? availableParallelism() : e.WEB_CONCURRENCY,
    oidc: e.OIDC_ISSUER
      ? {
          mode: 'external',
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID!,
          clientAuth:
            e.OIDC_TOKEN_AUTH === 'private_key_jwt'
              ? { method: 'private_key_jwt', jwk: files.jwk!, ...((e.OIDC_CLIENT_KEY_ID ?? files.jwk!.kid) ? { kid: e.OIDC_CLIENT_KEY_ID ?? files.jwk!.kid } : {}) }
              : { method: e.OIDC_TOKEN_AUTH ?? 'client_secret_basic', secret: e.OIDC_CLIENT_SECRET! },
          redirectUri: e.OIDC_REDIRECT_URI ?? `${publicUrl}/auth/callback`,
          claimMap: files.claimMap ?? BUNDLED_CLAIM_MAP,
        }
      : { mode: 'bundled' },
    hotline: e.IDP_HOTLINE,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    pdfInflate: { ratio: e.PDF_INFLATE_RATIO, minBytes: e.PDF_INFLATE_MIN_MB * 1024 * 1024 },
    blobs: e.S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
          prefix: e.S3_PREFIX,
        }
      : { kind: 'local', dir: e.BLOB_DIR ?? `${e.DATA_DIR.replace(/\/+$/, '')}/blobs` },
    mail: { ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}), from: e.MAIL_FROM },
    outboxPollMs: e.OUTBOX_POLL_SECONDS * 1000,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    testHooks: e.TEST_HOOKS === 'true',
  };
}

/**
 * The claim map (OIDC_CLAIM_MAP) and the private key (OIDC_CLIENT_KEY_FILE, private_key_jwt),
 * read and checked at start; each problem names its variable and, inside the map, its key.
 */
function readOidcFiles(env: Record<string, string | undefined>): { claimMap?: ClaimMap; jwk?: JsonWebKey & { kid?: string }; problems: string[] } {
  const problems: string[] = [];
  let claimMap: ClaimMap | undefined;
  let jwk: (JsonWebKey & { kid?: string }) | undefined;
  if (env.OIDC_ISSUER && env.OIDC_CLAIM_MAP) {
    const loaded = loadClaimMapFile(env.OIDC_CLAIM_MAP);
    if (loaded.ok) claimMap = loaded.map;
    else problems.push(...loaded.problems.map((p) => `OIDC_CLAIM_MAP: ${p}（文件：${env.OIDC_CLAIM_MAP}）`));
  }
  if (env.OIDC_ISSUER && env.OIDC_TOKEN_AUTH === 'private_key_jwt' && env.OIDC_CLIENT_KEY_FILE) {
    try {
      jwk = privateJwk(readFileSync(env.OIDC_CLIENT_KEY_FILE, 'utf8'));
    } catch (error) {
      problems.push(`OIDC_CLIENT_KEY_FILE: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message}（文件：${env.OIDC_CLIENT_KEY_FILE}）`);
    }
  }
  return { ...(claimMap ? { claimMap } : {}), ...(jwk ? { jwk } : {}), problems };
}

/** A PEM (PKCS#8, PKCS#1, SEC1) or JWK private key for private_key_jwt: RSA of 2048+ bits or EC P-256. */
function privateJwk(text: string): JsonWebKey & { kid?: string } {
  const trimmed = text.trim();
  let kid: string | undefined;
  let key;
  try {
    if (trimmed.startsWith('{')) {
      const parsed = JSON.parse(trimmed) as JsonWebKey & { kid?: string };
      kid = typeof parsed.kid === 'string' ? parsed.kid : undefined;
      key = createPrivateKey({ key: parsed as never, format: 'jwk' });
    } else {
      key = createPrivateKey(trimmed);
    }
  } catch {
    throw new Error('应为 PEM 或 JWK 格式的私钥');
  }
  const details = key.asymmetricKeyDetails ?? {};
  const ok = (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) || (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1');
  if (!ok) throw new Error('私钥应为 2048 位以上的 RSA 或 P-256 椭圆曲线密钥');
  return { ...(key.export({ format: 'jwk' }) as JsonWebKey), ...(kid ? { kid } : {}) };
}

/** A rejected value is echoed in the message, but never a password inside a URL (SMTP_URL, DATABASE_URL). */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i, '$1***@');
}
