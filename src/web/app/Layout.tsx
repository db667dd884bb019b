import { Badge, Breadcrumb, Button, Layout as AntLayout, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ACCOUNT_KINDS, STAFF_ROLES, isAdminRole, isStaffRole } from '../../domain/roles.ts';
import { PUBLIC_LINKS, SITE_FOOTER, documentTitle } from '../../domain/site.ts';
import { loginUrl } from '../api/client.ts';
import { useSession } from './session.tsx';
import { useUnreadCount } from './unread.ts';
import './layout.css';

function AccountBar() {
  const { account, loading, logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  // Applicants and the case-working staff (deadline warnings) have messages; the 三员 administrators have none.
  const unread = useUnreadCount(Boolean(account && (account.kind !== 'staff' || account.roles.some((r) => isStaffRole(r) && !isAdminRole(r)))), location.pathname);
  if (loading) return null;
  if (!account) {
    return (
      <Space size="middle">
        <a className="topbar-link" href={loginUrl(here)}>
          登录
        </a>
        <a className="topbar-link" href={loginUrl(here, 'register')}>
          注册
        </a>
      </Space>
    );
  }
  const roles = account.roles.filter(isStaffRole).map((r) => STAFF_ROLES[r]);
  return (
    <Space size="middle" wrap>
      {account.kind !== 'staff' ? (
        <>
          <Link className="topbar-link" to="/my">
            办事进度
          </Link>
          <Link className="topbar-link" to="/my/qualifications">
            我的资质
          </Link>
          <Link className="topbar-link badge-link" to="/messages" aria-label={unread > 0 ? `消息中心，${unread} 条未读` : '消息中心'}>
            消息中心
            {unread > 0 ? <Badge count={unread} size="small" aria-hidden /> : null}
          </Link>
          <Link className="topbar-link" to="/account/basic-info">
            完善基本信息
          </Link>
        </>
      ) : (
        <>
          {account.roles.some((r) => !isAdminRole(r)) ? (
            <Link className="topbar-link" to="/staff">
              审批工作台
            </Link>
          ) : null}
          {account.roles.some((r) => !isAdminRole(r)) ? (
            <Link className="topbar-link badge-link" to="/messages" aria-label={unread > 0 ? `消息中心，${unread} 条未读` : '消息中心'}>
              消息中心
              {unread > 0 ? <Badge count={unread} size="small" aria-hidden /> : null}
            </Link>
          ) : null}
          {account.roles.some((r) => !isAdminRole(r)) ? (
            <Link className="topbar-link" to="/staff/ratings">
              好差评统计
            </Link>
          ) : null}
          {account.roles.includes('head') ? (
            <Link className="topbar-link" to="/staff/rectifications">
              差评整改
            </Link>
          ) : null}
          {account.roles.includes('issuer') ? (
            <Link className="topbar-link" to="/staff/register/expired">
              依职权注销
            </Link>
          ) : null}
          {account.roles.includes('publisher') ? (
            <>
              <Link className="topbar-link" to="/staff/notices">
                公示公告管理
              </Link>
              <Link className="topbar-link" to="/staff/statements">
                陈述处理
              </Link>
            </>
          ) : null}
          {account.roles.includes('sysadmin') || account.roles.includes('secadmin') ? (
            <Link className="topbar-link" to="/admin/staff">
              工作人员账号
            </Link>
          ) : null}
          {account.roles.includes('sysadmin') ? (
            <>
              <Link className="topbar-link" to="/admin/holidays">
                节假日维护
              </Link>
              <Link className="topbar-link" to="/admin/register-import">
                导入存量资质
              </Link>
            </>
          ) : null}
          {account.roles.includes('auditor') ? (
            <Link className="topbar-link" to="/admin/audit">
              审计日志
            </Link>
          ) : null}
        </>
      )}
      <span className="topbar-user" aria-label="当前登录账号">
        {account.displayName}
        <span className="topbar-kind">（{roles.length > 0 ? roles.join('、') : ACCOUNT_KINDS[account.kind]}）</span>
      </span>
      <Button
        size="small"
        ghost
        loading={leaving}
        onClick={() => {
          setLeaving(true);
          logout().catch(() => setLeaving(false));
        }}
      >
        退出
      </Button>
    </Space>
  );
}

export function Layout() {
  return (
    <AntLayout className="site">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="site-header">
        <div className="site-inner site-header-row">
          <Link to="/" className="site-title">
            <span className="site-title-org">北京市规划和自然资源委员会</span>
            <span className="site-title-sys">网上申报系统</span>
          </Link>
          <AccountBar />
        </div>
        <SiteNav />
      </header>
      <main id="main" className="site-main site-inner" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="site-inner">{SITE_FOOTER}</div>
      </footer>
    </AntLayout>
  );
}

/** 首页 and the public columns (server-rendered pages: plain links, not router links). */
function SiteNav() {
  const home = useLocation().pathname === '/';
  return (
    <nav className="site-nav" aria-label="网站导航">
      <ul className="site-inner site-nav-list">
        <li>
          <Link to="/" aria-current={home ? 'page' : undefined}>
            首页
          </Link>
        </li>
        {PUBLIC_LINKS.map((l) => (
          <li key={l.path}>
            <a href={l.path}>{l.title}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface Crumb {
  title: string;
  to?: string;
}

/** 当前位置: / 首页 / … and the page heading; the document title names the page (`pageTitle`, else the heading or last crumb). */
export function PageFrame({ crumbs, title, pageTitle, children }: { crumbs: readonly Crumb[]; title?: string; pageTitle?: string; children: ReactNode }) {
  const name = pageTitle ?? title ?? crumbs.at(-1)?.title;
  useEffect(() => {
    document.title = documentTitle(name);
  }, [name]);
  return (
    <>
      <nav className="crumbs" aria-label="当前位置">
        <span className="crumbs-label">当前位置:</span>
        <Breadcrumb
          items={[{ title: <Link to="/">首页</Link> }, ...crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))]}
        />
      </nav>
      {title ? (
        <Typography.Title level={1} className="page-title">
          {title}
        </Typography.Title>
      ) : null}
      {children}
    </>
  );
}
