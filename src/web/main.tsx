import { cspNonce as nonce } from './app/csp-nonce.ts';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { routes } from './app/routes.tsx';

dayjs.locale('zh-cn');

const router = createBrowserRouter(routes);

/** People who asked their system for less motion (WCAG 2.3.3) get antd without animations. */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      csp={nonce ? { nonce } : undefined}
      button={{ autoInsertSpace: false }}
      theme={{ token: { motion: !reducedMotion, colorPrimary: '#0b4f9c', colorLink: '#0b4f9c', colorError: '#cf1322', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextPlaceholder: '#6b6b6b', borderRadius: 4 } }}
    >
      <AntApp>
        {/* Router updates render at once, as a page's own setState did: inside a transition a busy
            machine let antd's animations put off showing reloaded data by seconds. A reload keeps
            the page's content in place anyway (loaders.ts, `settle`). */}
        <RouterProvider router={router} useTransitions={false} />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
