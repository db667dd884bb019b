import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PUBLIC_LINKS, SITE_FOOTER, documentTitle } from '../../domain/site.ts';
import { RATINGS_PATH } from '../ratings/ratings.presenter.ts';
import { NOTICE_COLUMNS } from './notices.presenter.ts';
import { publicLayout } from './public-layout.ts';
import { QUALIFICATIONS_PATH } from './qualifications.presenter.ts';
import { html } from '../html.ts';

test('the portal links every public page the server serves, by the name the page gives itself', () => {
  const served = new Map<string, string>([...NOTICE_COLUMNS.map((c) => [c.path, c.name] as const), [QUALIFICATIONS_PATH, '资质查询'], [RATINGS_PATH, '政务服务好差评'], ['/verify', '文书核验']]);
  assert.deepEqual(new Map(PUBLIC_LINKS.map((l) => [l.path, l.title])), served);
});

test('server pages carry their own title and the one footer of the app', () => {
  const page = publicLayout({ title: '文书核验', body: html`<h1>文书核验</h1>` });
  assert.match(page, new RegExp(`<title>${documentTitle('文书核验')}</title>`));
  assert.ok(page.includes(`<footer class="foot"><div class="wrap">${SITE_FOOTER}</div></footer>`), 'footer');
});
