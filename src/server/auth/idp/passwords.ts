import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt floor: N=2^17, r=8, p=1 costs ~128 MiB; 2^15 keeps login under ~100 ms on 2 cores.
const PARAMS = { N: 2 ** costLog2(), r: 8, p: 1 } as const;

/**
 * log2 N. The test tiers set TEST_SCRYPT_LOG2_N=10: their fixtures register and log in thousands of
 * times, at 150 ms of CPU each at 2^15. Every hash records its parameters, so verifying is the same
 * code at any cost. Never below 2^15 in production (NODE_ENV=production refuses the variable).
 */
function costLog2(): number {
  const raw = process.env.TEST_SCRYPT_LOG2_N;
  if (raw === undefined || raw === '') return 15;
  const n = Number(raw);
  if (process.env.NODE_ENV === 'production') throw new Error('TEST_SCRYPT_LOG2_N is for tests only; unset it in production');
  if (!Number.isInteger(n) || n < 10 || n > 20) throw new Error(`TEST_SCRYPT_LOG2_N must be an integer from 10 to 20, got ${raw}`);
  return n;
}
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** A hash of a random password: verified against when no account matches, so timing reveals nothing. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));

/** 密码策略: 8–64 characters from at least three of four classes; must not contain the login id. */
export function checkPasswordPolicy(password: string, loginIds: readonly string[]): string | undefined {
  if (password.length < 8 || password.length > 64) return '密码长度应为8至64位';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、特殊字符中的至少三类';
  if (loginIds.some((id) => id.length >= 4 && password.toUpperCase().includes(id.toUpperCase()))) {
    return '密码不能包含手机号、统一社会信用代码或证件号码';
  }
  return undefined;
}
