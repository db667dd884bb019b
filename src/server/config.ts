import { z } from 'zod';

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
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: '应为身份认证服务的 issuer 地址（http(s)://…）' }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
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
    if (env.OIDC_ISSUER && !(env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)) {
      for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: '设置了 OIDC_ISSUER 时必须提供' });
      }
    }
    if (env.S3_BUCKET && Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3 访问密钥须成对设置' });
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
  oidc:
    | { mode: 'bundled' }
    | { mode: 'external'; issuer: string; clientId: string; clientSecret: string };
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
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        const value = env[key];
        return `${key}: ${issue.message}${value === undefined ? '' : `（当前值：${JSON.stringify(withoutPassword(value))}）`}`;
      }),
    );
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
    oidc: e.OIDC_ISSUER
      ? { mode: 'external', issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! }
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

/** A rejected value is echoed in the message, but never a password inside a URL (SMTP_URL, DATABASE_URL). */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i, '$1***@');
}
