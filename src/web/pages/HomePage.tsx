import { Alert, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { DEPARTMENT, GROUP, ITEMS } from '../../domain/items/index.ts';
import { PUBLIC_LINKS } from '../../domain/site.ts';
import { PageFrame } from '../app/Layout.tsx';
import { ButtonLink } from '../components/ButtonLink.tsx';

const NOTICES: Record<string, string> = {
  'login-expired': '登录请求已过期，请重新登录。',
  'login-failed': '登录未能完成，请重新登录；如多次失败请联系登录注册问题咨询热线。',
};

/** 业务频道: 系统导航区 and the service catalog (manual 二, 图 5.1 / 5.2). */
export function HomePage() {
  const [params] = useSearchParams();
  const notice = NOTICES[params.get('notice') ?? ''];
  return (
    <PageFrame crumbs={[{ title: GROUP }]}>
      {notice ? <Alert type="warning" showIcon title={notice} className="mb" style={{ marginBottom: 12 }} /> : null}
      <div className="home-grid">
        <nav className="panel" aria-labelledby="nav-title">
          <Typography.Title level={2} id="nav-title" style={{ fontSize: 17, marginTop: 0 }}>
            系统导航区
          </Typography.Title>
          <ul className="nav-list">
            <li>
              <Link to="/" aria-current="page">
                业务频道
              </Link>
            </li>
            {ITEMS.map((item) => (
              <li key={item.code}>
                <Link to={`/items/${item.code}`}>{item.title}</Link>
              </li>
            ))}
          </ul>
          <Typography.Title level={3} id="nav-public" className="nav-group-title">
            公开信息
          </Typography.Title>
          <ul className="nav-list" aria-labelledby="nav-public">
            {PUBLIC_LINKS.map((l) => (
              <li key={l.path}>
                <a href={l.path}>{l.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="home-main">
          <section className="panel" aria-labelledby="catalog-title">
            <Typography.Title level={2} id="catalog-title" style={{ fontSize: 18, marginTop: 0 }}>
              政务服务目录 · {DEPARTMENT}
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              资质申报需要使用北京市统一身份认证登录。请选择您要申报的事项，点击“网上办理”进入申报页面。
            </Typography.Paragraph>
            <div role="list" aria-label={`${GROUP}事项`}>
              {ITEMS.map((item) => (
                <div role="listitem" className="item-row" key={item.code}>
                  <div>
                    <div className="item-title">{item.title}</div>
                    <div>
                      <Tag color={item.applicantKind === 'enterprise' ? 'blue' : 'green'}>
                        {item.applicantKind === 'enterprise' ? '法人（企业）办理' : '自然人（个人）办理'}
                      </Tag>
                      <span>承诺时限 {item.guide.timeLimit.promisedDays} 个工作日 · {item.guide.fees}</span>
                    </div>
                  </div>
                  <div className="apply-actions">
                    <ButtonLink to={`/items/${item.code}`} aria-label={`${item.title} 办事指南`}>
                      办事指南
                    </ButtonLink>
                    <ButtonLink type="primary" to={`/items/${item.code}/apply`} aria-label={`${item.title} 网上办理`}>
                      网上办理
                    </ButtonLink>
                  </div>
                </div>
              ))}
            </div>
          </section>
          <section className="panel home-public" aria-labelledby="public-title">
            <Typography.Title level={2} id="public-title" style={{ fontSize: 18, marginTop: 0 }}>
              公示公告与查询
            </Typography.Title>
            <ul className="public-cards">
              {PUBLIC_LINKS.map((l) => (
                <li key={l.path}>
                  <a href={l.path} className="public-card-title">
                    {l.title}
                  </a>
                  <div className="muted">{l.summary}</div>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </PageFrame>
  );
}
