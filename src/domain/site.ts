/** What every page of the site shares, in the browser app and on the server-rendered pages. */

export const SITE_NAME = '北京市规划和自然资源委员会 网上申报系统';

/** The footer of the manual's screens (manual 图 2.6 ff., REFERENCE §0.1). */
export const SITE_FOOTER = '北京市规划和自然资源管理委员会 版权所有';

/** A page's <title>: its own name first, so tabs and history tell pages apart. */
export function documentTitle(page?: string): string {
  return page ? `${page} - ${SITE_NAME}` : SITE_NAME;
}

export interface PublicLink {
  path: string;
  title: string;
  /** One line for the home page. */
  summary: string;
}

/**
 * The public columns (manual 五) and services, server-rendered: linked from the header, the
 * 系统导航区 and the home page. Paths are held to the server's routes by public-links.test.ts.
 */
export const PUBLIC_LINKS: readonly PublicLink[] = [
  { path: '/public/notices', title: '资质资格公示', summary: '审查意见公示及历史数据；公示期内可对本单位的审查意见提出陈述' },
  { path: '/public/announcements', title: '资质资格公告', summary: '行政许可决定公告及历史数据' },
  { path: '/public/qualifications', title: '资质查询', summary: '查询企业资质和注册人员的证书及有效期' },
  { path: '/verify', title: '文书核验', summary: '输入核验码或扫描二维码，核验受理单、决定书和证书的真伪' },
  { path: '/public/ratings', title: '政务服务好差评', summary: '各事项的服务评价统计和差评整改情况' },
];
