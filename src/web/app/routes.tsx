import { Spin } from 'antd';
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { BasicInfoPage } from '../features/account/BasicInfoPage.tsx';
import { basicInfoLoader } from '../features/account/basic-info.loader.ts';
import { auditLogLoader, holidaysLoader, staffAccountsLoader } from '../features/admin/admin.loaders.ts';
import { typeAdvisorLoader } from '../features/advisor/type-advisor.loader.ts';
import { myApplicationsLoader } from '../features/applications/my-applications.loader.ts';
import { caseTrackLoader, caseTrackShouldRevalidate, messagesLoader } from '../features/progress/progress.loaders.ts';
import { rectificationLoader, rectificationsLoader, ratingStatsLoader } from '../features/ratings/ratings.loaders.ts';
import { expiredCertificatesLoader, myQualificationsLoader, renewCertificateLoader } from '../features/register/register.loaders.ts';
import { caseLoader } from '../features/staff/case.loader.ts';
import { caseSearchLoader } from '../features/staff/case-search.loader.ts';
import { extensionsLoader } from '../features/staff/extensions.loader.ts';
import { templatesLoader } from '../features/staff/templates.loader.ts';
import { statisticsLoader } from '../features/staff/statistics.loader.ts';
import { noticesLoader } from '../features/staff/notices.loader.ts';
import { staffHomeLoader } from '../features/staff/staff-home.loader.ts';
import { statementLoader, statementsLoader } from '../features/staff/statements.loader.ts';
import { submittedLoader, wizardLoader } from '../features/wizard/wizard.loaders.ts';
import { HomePage } from '../pages/HomePage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { Layout } from './Layout.tsx';
import { loginRequired } from './loaders.ts';
import { RouteError } from './RouteError.tsx';

/**
 * A page's code, fetched when it is first visited. Its loader (if any) is imported above, not
 * here: small, it starts the page's requests while the page's code is still on its way.
 */
const page = <M,>(load: () => Promise<M>, pick: (m: M) => ComponentType) => ({ Component: async () => pick(await load()) });

/** Shown on the first load of the app while a page's code and the session arrive. */
function PageLoading() {
  return <Spin style={{ display: 'block', margin: 48 }} />;
}

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      {
        errorElement: <RouteError />,
        hydrateFallbackElement: <PageLoading />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'items/:code', lazy: page(() => import('../pages/GuidePage.tsx'), (m) => m.GuidePage) },
          { path: 'items/:code/choose', loader: typeAdvisorLoader, lazy: page(() => import('../features/advisor/TypeAdvisorPage.tsx'), (m) => m.TypeAdvisorPage) },
          { path: 'items/:code/apply', loader: wizardLoader, lazy: page(() => import('../features/wizard/WizardPage.tsx'), (m) => m.WizardPage) },
          { path: 'applications/:id/submitted', loader: submittedLoader, lazy: page(() => import('../features/wizard/SubmittedPage.tsx'), (m) => m.SubmittedPage) },
          { path: 'my', loader: myApplicationsLoader, lazy: page(() => import('../features/applications/MyApplicationsPage.tsx'), (m) => m.MyApplicationsPage) },
          { path: 'my/cases/:id', loader: caseTrackLoader, shouldRevalidate: caseTrackShouldRevalidate, lazy: page(() => import('../features/progress/CaseTrackPage.tsx'), (m) => m.CaseTrackPage) },
          { path: 'my/qualifications', loader: myQualificationsLoader, lazy: page(() => import('../features/register/MyQualificationsPage.tsx'), (m) => m.MyQualificationsPage) },
          { path: 'my/qualifications/:id/renew', loader: renewCertificateLoader, lazy: page(() => import('../features/register/MyQualificationsPage.tsx'), (m) => m.RenewCertificatePage) },
          { path: 'messages', loader: messagesLoader, lazy: page(() => import('../features/progress/MessagesPage.tsx'), (m) => m.MessagesPage) },
          { path: 'account/basic-info', loader: basicInfoLoader, element: <BasicInfoPage /> },
          { path: 'staff', loader: staffHomeLoader, lazy: page(() => import('../features/staff/StaffHomePage.tsx'), (m) => m.StaffHomePage) },
          { path: 'staff/search', loader: caseSearchLoader, lazy: page(() => import('../features/staff/CaseSearchPage.tsx'), (m) => m.CaseSearchPage) },
          { path: 'staff/cases/:id', loader: caseLoader, lazy: page(() => import('../features/staff/CasePage.tsx'), (m) => m.CasePage) },
          { path: 'staff/notices', loader: noticesLoader, lazy: page(() => import('../features/staff/NoticesPage.tsx'), (m) => m.NoticesPage) },
          { path: 'staff/statements', loader: statementsLoader, lazy: page(() => import('../features/staff/StatementsPage.tsx'), (m) => m.StatementsPage) },
          { path: 'staff/extensions', loader: extensionsLoader, lazy: page(() => import('../features/staff/ExtensionsPage.tsx'), (m) => m.ExtensionsPage) },
          { path: 'staff/statistics', loader: statisticsLoader, lazy: page(() => import('../features/staff/StatisticsPage.tsx'), (m) => m.StatisticsPage) },
          { path: 'staff/templates', loader: templatesLoader, lazy: page(() => import('../features/staff/TemplatesPage.tsx'), (m) => m.TemplatesPage) },
          { path: 'staff/statements/:id', loader: statementLoader, lazy: page(() => import('../features/staff/StatementPage.tsx'), (m) => m.StatementPage) },
          { path: 'staff/register/expired', loader: expiredCertificatesLoader, lazy: page(() => import('../features/register/ExpiredCertificatesPage.tsx'), (m) => m.ExpiredCertificatesPage) },
          { path: 'staff/ratings', loader: ratingStatsLoader, lazy: page(() => import('../features/ratings/RatingStatsPage.tsx'), (m) => m.RatingStatsPage) },
          { path: 'staff/rectifications', loader: rectificationsLoader, lazy: page(() => import('../features/ratings/RectificationsPage.tsx'), (m) => m.RectificationsPage) },
          { path: 'staff/rectifications/:id', loader: rectificationLoader, lazy: page(() => import('../features/ratings/RectificationPage.tsx'), (m) => m.RectificationPage) },
          { path: 'admin/staff', loader: staffAccountsLoader, lazy: page(() => import('../features/admin/StaffAccountsPage.tsx'), (m) => m.StaffAccountsPage) },
          { path: 'admin/audit', loader: auditLogLoader, lazy: page(() => import('../features/admin/AuditLogPage.tsx'), (m) => m.AuditLogPage) },
          { path: 'admin/holidays', loader: holidaysLoader, lazy: page(() => import('../features/admin/HolidaysPage.tsx'), (m) => m.HolidaysPage) },
          { path: 'admin/register-import', loader: loginRequired, lazy: page(() => import('../features/admin/RegisterImportPage.tsx'), (m) => m.RegisterImportPage) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
