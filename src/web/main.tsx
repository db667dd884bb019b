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
const ApplyPage = lazy(() => import('./pages/ApplyPage.tsx').then((m) => ({ default: m.ApplyPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

// The server puts a fresh CSP nonce in this meta tag; antd's CSS-in-JS style tags carry it.
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'items/:code', element: <GuidePage /> },
      { path: 'items/:code/apply', element: <ApplyPage /> },
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
      theme={{ token: { colorPrimary: '#0b4f9c', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextPlaceholder: '#6b6b6b', borderRadius: 4 } }}
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
