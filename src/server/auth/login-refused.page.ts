import { html } from '../html.ts';
import { publicLayout } from '../public/public-layout.ts';

/** The page a refused login lands on: why, and whom to ask (the 登录注册问题咨询热线). */
export function renderLoginRefused(opts: { message: string; hotline: string }): string {
  return publicLayout({
    title: '无法登录',
    crumbs: [['登录', null]],
    body: html`<h1>无法登录</h1>
<div class="verdict bad" role="alert"><p>${opts.message}</p></div>
<p>本系统的身份信息来自北京市统一身份认证，以统一身份认证提供的信息为准，不能在本系统中修改。</p>
<p>登录注册问题咨询热线：${opts.hotline}</p>
<p><a href="/">返回首页</a></p>`,
  });
}
