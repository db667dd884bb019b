import { ID_TYPES } from '../../../domain/roles.ts';
import { html, type SafeHtml } from '../../html.ts';
import { CHALLENGE_CSS_PATH, CHALLENGE_FIELD, CHALLENGE_SCRIPT_PATH } from './login-challenge.ts';

export const IDP_CSS_PATH = '/idp-assets/idp.css';

/** `challenge`: the page carries the 人机验证 widget (its script and stylesheet, from our origin). */
function layout(title: string, body: SafeHtml, opts: { challenge?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - 北京市统一身份认证</title>
<link rel="stylesheet" href="${IDP_CSS_PATH}">
${opts.challenge ? html`<link rel="stylesheet" href="${CHALLENGE_CSS_PATH}">
<script type="module" src="${CHALLENGE_SCRIPT_PATH}"></script>
` : ''}</head>
<body>
<header class="top"><div class="wrap"><span class="brand">北京市统一身份认证</span><span class="sub">一次认证、全网通办</span></div></header>
<main class="wrap"><div class="card">${body}</div></main>
<footer class="foot"><div class="wrap">北京市统一身份认证平台（zizhi 内置演示身份服务）</div></footer>
</body>
</html>`.toString();
}

function errorSummary(messages: readonly string[]): SafeHtml {
  if (messages.length === 0) return html``;
  return html`<div class="alert" role="alert"><strong>请修改以下问题：</strong><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`;
}

interface FieldSpec {
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  /** Numeric one-time codes: inputmode="numeric" and a length limit. */
  numeric?: number;
  /** Id of a note elsewhere on the page that also describes this field. */
  note?: string;
}

function field(spec: FieldSpec, values: Record<string, string>, errors: Record<string, string>): SafeHtml {
  const error = errors[spec.name];
  const id = `f-${spec.name}`;
  const describedBy = [spec.note ?? '', spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${id}">${spec.required === false ? '' : html`<span class="req" aria-hidden="true">*</span>`}${spec.label}</label>
${spec.hint ? html`<div class="hint" id="${id}-hint">${spec.hint}</div>` : ''}
<input id="${id}" name="${spec.name}" type="${spec.type ?? 'text'}" value="${spec.type === 'password' ? '' : (values[spec.name] ?? '')}"
 placeholder="请输入${spec.label}"${spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ''}${spec.numeric ? html` inputmode="numeric" maxlength="${spec.numeric}"` : ''}${spec.required === false ? '' : html` required aria-required="true"`}${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
${error ? html`<div class="error" id="${id}-error">${error}</div>` : ''}
</div>`;
}

const WIDGET_CONFIG = JSON.stringify({ hideFooter: true, hideLogo: true });

/**
 * The challenge after repeated failures: the ALTCHA widget solves it in the background as the
 * page loads (no puzzle) and puts its solution in the form field `altcha`.
 */
function challengeField(challenge: string | undefined): SafeHtml {
  if (!challenge) return html``;
  return html`<div class="field challenge">
<div class="label">人机验证</div>
<div class="hint">失败次数较多，需要完成人机验证：页面会自动验证，显示“已验证”后再提交。</div>
<altcha-widget challenge="${challenge}" auto="onload" language="zh-cn" name="${CHALLENGE_FIELD}" configuration="${WIDGET_CONFIG}"></altcha-widget>
<noscript><div class="error">人机验证需要启用浏览器的JavaScript，请启用后刷新本页。</div></noscript>
</div>`;
}

export function renderLoginPage(opts: {
  action: string;
  /** Absent when applicants register at an external 统一身份认证: this page is then for staff only. */
  registerUrl?: string;
  csrf: string;
  hotline: string;
  loginId?: string;
  message?: string;
  /** The challenge's JSON when the next attempt needs it. */
  challenge?: string;
}): string {
  return layout(
    '登录',
    html`<h1>用户登录</h1>
${opts.registerUrl
  ? html`<p class="lead">资质申报需要使用北京市统一身份认证登录。法人请使用统一社会信用代码或手机号，自然人请使用证件号码或手机号。</p>`
  : html`<p class="lead">审批工作人员登录：请使用用户名或手机号和密码，并验证动态口令。企业和个人请返回首页，通过北京市统一身份认证登录。</p>`}
${opts.message ? html`<div class="alert" role="alert">${opts.message}</div>` : ''}
<form method="post" action="${opts.action}" novalidate>
<input type="hidden" name="_csrf" value="${opts.csrf}">
${field({ name: 'loginId', label: '账号', autocomplete: 'username', hint: opts.registerUrl ? '统一社会信用代码 / 证件号码 / 手机号' : '用户名 / 手机号' }, { loginId: opts.loginId ?? '' }, {})}
${field({ name: 'password', label: '密码', type: 'password', autocomplete: 'current-password' }, {}, {})}
${challengeField(opts.challenge)}
<button type="submit" class="primary">登录</button>
</form>
${opts.registerUrl ? html`<p class="alt">还没有账号？<a href="${opts.registerUrl}">立即注册</a></p>` : ''}
<p class="hotline">登录注册问题咨询热线：${opts.hotline}</p>`,
    { challenge: Boolean(opts.challenge) },
  );
}

export type RegisterKind = 'legal' | 'natural';

export function renderRegisterPage(opts: {
  kind: RegisterKind;
  action: string;
  switchUrl: string;
  loginUrl: string;
  csrf: string;
  hotline: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}): string {
  const values = opts.values ?? {};
  const errors = opts.errors ?? {};
  const legal = opts.kind === 'legal';
  const specific: SafeHtml[] = legal
    ? [
        field({ name: 'orgName', label: '单位名称', autocomplete: 'organization' }, values, errors),
        field({ name: 'uscc', label: '统一社会信用代码', hint: '18位，见营业执照' }, values, errors),
        field({ name: 'legalRep', label: '法定代表人' }, values, errors),
        field({ name: 'agentName', label: '经办人姓名', autocomplete: 'name' }, values, errors),
      ]
    : [
        field({ name: 'name', label: '姓名', autocomplete: 'name' }, values, errors),
        html`<div class="field${errors.idType ? ' has-error' : ''}"><label for="f-idType"><span class="req" aria-hidden="true">*</span>证件类型</label>
<select id="f-idType" name="idType" required aria-required="true">${ID_TYPES.map(
          (t) => html`<option value="${t}"${(values.idType ?? '居民身份证') === t ? html` selected` : ''}>${t}</option>`,
        )}</select>${errors.idType ? html`<div class="error">${errors.idType}</div>` : ''}</div>`,
        field({ name: 'idNumber', label: '证件号码' }, values, errors),
      ];
  const messages = Object.values(errors);
  // A refused registration never echoes the passwords back into the page: say so where they are typed.
  const reenter = messages.length > 0 ? 'f-password-reenter' : undefined;
  if (reenter) messages.push('请重新输入密码和确认密码');
  return layout(
    legal ? '法人注册' : '自然人注册',
    html`<h1>${legal ? '法人用户注册' : '自然人用户注册'}</h1>
<nav class="tabs" aria-label="注册类型"><a href="${legal ? '#' : opts.switchUrl}"${legal ? html` aria-current="page"` : ''}>法人注册</a><a href="${legal ? opts.switchUrl : '#'}"${legal ? '' : html` aria-current="page"`}>自然人注册</a></nav>
${errorSummary(messages)}
<form method="post" action="${opts.action}" novalidate>
<input type="hidden" name="_csrf" value="${opts.csrf}">
${specific}
${field({ name: 'mobile', label: '手机', type: 'tel', autocomplete: 'tel' }, values, errors)}
${field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: false }, values, errors)}
${reenter ? html`<p class="reenter" id="${reenter}">为保护密码安全，注册未成功时页面不保留已输入的密码，请重新输入密码和确认密码。其他内容已保留。</p>` : ''}
${field({ name: 'password', label: '密码', type: 'password', autocomplete: 'new-password', hint: '8至64位，包含大写字母、小写字母、数字、特殊字符中的至少三类', note: reenter }, values, errors)}
${field({ name: 'passwordConfirm', label: '确认密码', type: 'password', autocomplete: 'new-password', note: reenter }, values, errors)}
<button type="submit" class="primary">注册</button>
</form>
<p class="alt">已有账号？<a href="${opts.loginUrl}">返回登录</a></p>
<p class="hotline">登录注册问题咨询热线：${opts.hotline}</p>`,
  );
}

/** The one-time code form shared by the enrollment and verification pages. */
function totpForm(opts: { action: string; csrf: string; button: string; challenge?: string }): SafeHtml {
  return html`<form method="post" action="${opts.action}" novalidate>
<input type="hidden" name="_csrf" value="${opts.csrf}">
${field({ name: 'code', label: '动态口令', autocomplete: 'one-time-code', hint: '6位数字，每30秒更新一次', numeric: 6 }, {}, {})}
${challengeField(opts.challenge)}
<button type="submit" class="primary">${opts.button}</button>
</form>`;
}

/** Base32 in groups of four, as authenticator apps show and accept it. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** First staff login: bind an authenticator app (QR code or the secret typed in), then confirm with a code. */
export function renderTotpEnrollPage(opts: {
  action: string;
  loginUrl: string;
  csrf: string;
  hotline: string;
  username: string;
  secret: string;
  /** PNG data: URL at an integer scale, and its size in pixels (shown unscaled, so modules stay crisp). */
  qr: { dataUrl: string; size: number };
  message?: string;
  challenge?: string;
}): string {
  return layout(
    '绑定动态口令',
    html`<h1>绑定动态口令</h1>
<p class="lead">为保障审批数据安全，工作人员登录须同时验证密码和动态口令。您是首次登录，请先绑定动态口令：</p>
${opts.message ? html`<div class="alert" role="alert">${opts.message}</div>` : ''}
<ol class="steps">
<li>在手机上安装身份验证器应用，如手机令牌、Google Authenticator 或 Microsoft Authenticator。</li>
<li>在应用中选择“扫描二维码”，扫描下方二维码；无法扫描时，选择“手动输入密钥”，输入下方密钥（类型选“基于时间”）。</li>
<li>在下方输入应用显示的6位动态口令，完成绑定。</li>
</ol>
<figure class="qr"><img src="${opts.qr.dataUrl}" width="${opts.qr.size}" height="${opts.qr.size}" alt="动态口令绑定二维码（账号 ${opts.username}）"><figcaption>账号：${opts.username}</figcaption></figure>
<p class="secret"><span id="totp-secret-label">密钥</span><code id="totp-secret" aria-labelledby="totp-secret-label">${grouped(opts.secret)}</code></p>
<p class="note">密钥相当于您的第二把钥匙，请勿截图外传或告知他人。</p>
${totpForm({ action: opts.action, csrf: opts.csrf, button: '完成绑定并登录', challenge: opts.challenge })}
<p class="alt"><a href="${opts.loginUrl}">返回登录</a></p>
<p class="hotline">登录注册问题咨询热线：${opts.hotline}</p>`,
    { challenge: Boolean(opts.challenge) },
  );
}

/** Later staff logins: the code from the bound app. */
export function renderTotpVerifyPage(opts: { action: string; loginUrl: string; csrf: string; hotline: string; username: string; message?: string; challenge?: string }): string {
  return layout(
    '动态口令验证',
    html`<h1>动态口令验证</h1>
<p class="lead">请打开手机上的身份验证器应用，输入“北京市统一身份认证”账号 ${opts.username} 当前显示的6位动态口令。</p>
${opts.message ? html`<div class="alert" role="alert">${opts.message}</div>` : ''}
${totpForm({ action: opts.action, csrf: opts.csrf, button: '验证并登录', challenge: opts.challenge })}
<p class="note">手机丢失或更换时，请联系系统管理员重置动态口令。</p>
<p class="alt"><a href="${opts.loginUrl}">返回登录</a></p>
<p class="hotline">登录注册问题咨询热线：${opts.hotline}</p>`,
    { challenge: Boolean(opts.challenge) },
  );
}

export function renderIdpError(message: string): string {
  return layout(
    '出错了',
    html`<h1>无法完成认证</h1><div class="alert" role="alert">${message || '认证请求无效或已过期'}</div>
<p class="alt"><a href="/">返回网上申报系统首页</a>，重新点击“登录”或“网上办理”。</p>`,
  );
}

export const IDP_CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f1f1f;background:#f3f5f8;line-height:1.6}
.wrap{max-width:560px;margin:0 auto;padding:0 16px}.top{background:#0b4f9c;color:#fff;padding:14px 0}.brand{font-size:20px;font-weight:600;margin-right:12px}.sub{opacity:.9;font-size:14px}
.card{background:#fff;margin:24px 0;padding:24px;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:22px;margin:0 0 12px}.lead{color:#444;margin:0 0 16px}
.field{margin-bottom:14px}label{display:block;font-weight:600;margin-bottom:4px}.req{color:#c00;margin-right:2px}.hint{color:#555;font-size:13px;margin-bottom:4px}
input,select{width:100%;padding:9px 10px;font-size:16px;border:1px solid #8c8c8c;border-radius:4px;background:#fff}input:focus,select:focus,button:focus,a:focus{outline:3px solid #ffbf47;outline-offset:1px}
.has-error input,.has-error select{border-color:#c00}.error{color:#b00;font-size:14px;margin-top:4px}.alert{border:2px solid #b00;color:#8a0000;background:#fff5f5;padding:10px 12px;border-radius:4px;margin-bottom:16px}.alert ul{margin:4px 0 0;padding-left:20px}
button.primary{width:100%;padding:10px;font-size:17px;background:#0b4f9c;color:#fff;border:0;border-radius:4px;cursor:pointer}button.primary:hover{background:#083b75}
.alt{margin-top:16px}.hotline{color:#444;font-size:14px;border-top:1px solid #e5e5e5;padding-top:12px;margin-top:16px}a{color:#0b4f9c}
.tabs{display:flex;gap:8px;margin-bottom:16px}.tabs a{padding:6px 14px;border:1px solid #0b4f9c;border-radius:4px;text-decoration:none}.tabs a[aria-current=page]{background:#0b4f9c;color:#fff}
.foot{color:#555;font-size:13px;text-align:center;padding:12px 0 24px}.reenter{border-left:4px solid #ad6800;background:#fffbe6;color:#613400;padding:8px 12px;margin:0 0 12px;font-size:14px}
.steps{margin:0 0 16px;padding-left:22px}.steps li{margin-bottom:6px}
.qr{margin:0 0 12px;text-align:center}.qr img{display:block;margin:0 auto;max-width:100%;height:auto;border:1px solid #d9d9d9;image-rendering:pixelated}.qr figcaption{color:#444;font-size:14px;margin-top:4px}
.secret{margin:0 0 8px;text-align:center}.secret span{display:block;font-weight:600;margin-bottom:4px}.secret code{display:inline-block;font-family:Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:16px;letter-spacing:.5px;background:#f3f5f8;border:1px solid #d9d9d9;border-radius:4px;padding:4px 10px}
.note{color:#555;font-size:13px;margin:12px 0 16px}
.challenge .label{font-weight:600;margin-bottom:4px}.challenge altcha-widget{display:block;margin-top:6px}
`;
