import { Alert, Button, Result } from 'antd';
import type { CSSProperties } from 'react';
import { isRouteErrorResponse, useAsyncError, useRouteError } from 'react-router';
import { ApiError } from '../api/client.ts';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { PageFrame } from './Layout.tsx';

/** What went wrong, in words for people: the server's own message, else a general one. */
export function errorMessage(error: unknown, fallback = '系统繁忙，请稍后再试'): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** The message of the promise an `<Await>` was waiting for, for its `errorElement`. */
export function useAsyncErrorMessage(): string {
  return errorMessage(useAsyncError());
}

/** An `<Await>`'s `errorElement`: the failure as an error alert in place of what would have shown. */
export function AsyncErrorAlert({ className, style }: { className?: string; style?: CSSProperties }) {
  return <Alert type="error" title={useAsyncErrorMessage()} className={className} style={style} />;
}

/**
 * Whatever a page's loader or rendering threw and the page did not handle itself: a message in
 * Chinese inside the site's frame, instead of the router's English default.
 */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <PageFrame crumbs={[{ title: '页面加载失败' }]}>
      <div className="panel">
        <Result
          status="error"
          title="页面加载失败"
          subTitle={errorMessage(error, '页面加载失败，请刷新后重试。')}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              刷新页面
            </Button>
          }
        />
      </div>
    </PageFrame>
  );
}

