import { BasicInfoPage } from './features/account/BasicInfoPage.tsx';
import { cspNonce as nonce } from './app/csp-nonce.ts';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './app/Layout.tsx';
import { SessionProvider } from './app/session.tsx';
import { HomePage } from './pages/HomePage.tsx';

dayjs.locale('zh-cn');

const GuidePage = lazy(() => import('./pages/GuidePage.tsx').then((m) => ({ default: m.GuidePage })));
const WizardPage = lazy(() => import('./features/wizard/WizardPage.tsx').then((m) => ({ default: m.WizardPage })));
const SubmittedPage = lazy(() => import('./features/wizard/SubmittedPage.tsx').then((m) => ({ default: m.SubmittedPage })));
const MyApplicationsPage = lazy(() => import('./features/applications/MyApplicationsPage.tsx').then((m) => ({ default: m.MyApplicationsPage })));
const CaseTrackPage = lazy(() => import('./features/progress/CaseTrackPage.tsx').then((m) => ({ default: m.CaseTrackPage })));
const MessagesPage = lazy(() => import('./features/progress/MessagesPage.tsx').then((m) => ({ default: m.MessagesPage })));
const StaffHomePage = lazy(() => import('./features/staff/StaffHomePage.tsx').then((m) => ({ default: m.StaffHomePage })));
const CasePage = lazy(() => import('./features/staff/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const NoticesPage = lazy(() => import('./features/staff/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })));
const ExtensionsPage = lazy(() => import('./features/staff/ExtensionsPage.tsx').then((m) => ({ default: m.ExtensionsPage })));
const StatementsPage = lazy(() => import('./features/staff/StatementsPage.tsx').then((m) => ({ default: m.StatementsPage })));
const StatementPage = lazy(() => import('./features/staff/StatementPage.tsx').then((m) => ({ default: m.StatementPage })));
const StaffAccountsPage = lazy(() => import('./features/admin/StaffAccountsPage.tsx').then((m) => ({ default: m.StaffAccountsPage })));
const AuditLogPage = lazy(() => import('./features/admin/AuditLogPage.tsx').then((m) => ({ default: m.AuditLogPage })));
const HolidaysPage = lazy(() => import('./features/admin/HolidaysPage.tsx').then((m) => ({ default: m.HolidaysPage })));
const RegisterImportPage = lazy(() => import('./features/admin/RegisterImportPage.tsx').then((m) => ({ default: m.RegisterImportPage })));
const MyQualificationsPage = lazy(() => import('./features/register/MyQualificationsPage.tsx').then((m) => ({ default: m.MyQualificationsPage })));
const RenewCertificatePage = lazy(() => import('./features/register/MyQualificationsPage.tsx').then((m) => ({ default: m.RenewCertificatePage })));
const ExpiredCertificatesPage = lazy(() => import('./features/register/ExpiredCertificatesPage.tsx').then((m) => ({ default: m.ExpiredCertificatesPage })));
const RatingStatsPage = lazy(() => import('./features/ratings/RatingStatsPage.tsx').then((m) => ({ default: m.RatingStatsPage })));
const RectificationsPage = lazy(() => import('./features/ratings/RectificationsPage.tsx').then((m) => ({ default: m.RectificationsPage })));
const RectificationPage = lazy(() => import('./features/ratings/RectificationPage.tsx').then((m) => ({ default: m.RectificationPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));


const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'items/:code', element: <GuidePage /> },
      { path: 'items/:code/apply', element: <WizardPage /> },
      { path: 'applications/:id/submitted', element: <SubmittedPage /> },
      { path: 'my', element: <MyApplicationsPage /> },
      { path: 'my/cases/:id', element: <CaseTrackPage /> },
      { path: 'my/qualifications', element: <MyQualificationsPage /> },
      { path: 'my/qualifications/:id/renew', element: <RenewCertificatePage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'account/basic-info', element: <BasicInfoPage /> },
      { path: 'staff', element: <StaffHomePage /> },
      { path: 'staff/cases/:id', element: <CasePage /> },
      { path: 'staff/notices', element: <NoticesPage /> },
      { path: 'staff/statements', element: <StatementsPage /> },
      { path: 'staff/extensions', element: <ExtensionsPage /> },
      { path: 'staff/statements/:id', element: <StatementPage /> },
      { path: 'staff/register/expired', element: <ExpiredCertificatesPage /> },
      { path: 'staff/ratings', element: <RatingStatsPage /> },
      { path: 'staff/rectifications', element: <RectificationsPage /> },
      { path: 'staff/rectifications/:id', element: <RectificationPage /> },
      { path: 'admin/staff', element: <StaffAccountsPage /> },
      { path: 'admin/audit', element: <AuditLogPage /> },
      { path: 'admin/holidays', element: <HolidaysPage /> },
      { path: 'admin/register-import', element: <RegisterImportPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      csp={nonce ? { nonce } : undefined}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#0b4f9c', colorLink: '#0b4f9c', colorError: '#cf1322', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextPlaceholder: '#6b6b6b', borderRadius: 4 } }}
    >
      <AntApp>
        <SessionProvider>
          <Suspense fallback={null}>
            <RouterProvider router={router} />
          </Suspense>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
