import { Result, Spin } from 'antd';
import { Suspense } from 'react';
import { Await, useLoaderData } from 'react-router';
import { findItem } from '../../../domain/items/index.ts';
import { ACCEPT_LIMIT_DAYS } from '../../../domain/workflow/index.ts';
import type { ApplicationView } from '../../api/applications.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import type { submittedLoader } from './wizard.loaders.ts';

/** Confirmation after 提交: the 申报编号 and what happens next. */
export function SubmittedPage() {
  const { application } = useLoaderData<typeof submittedLoader>();
  return (
    <PageFrame crumbs={[{ title: '办事进度', to: '/my' }, { title: '提交成功' }]} title="申报提交成功">
      <div className="panel">
        <Suspense fallback={<Spin />}>
          <Await resolve={application} errorElement={<NotShown />}>
            {(a: ApplicationView) => <Submitted application={a} />}
          </Await>
        </Suspense>
      </div>
    </PageFrame>
  );
}

function NotShown() {
  return <Result status="error" title="无法显示该申请" subTitle={useAsyncErrorMessage()} />;
}

function Submitted({ application }: { application: ApplicationView }) {
  const item = findItem(application.item);
  return (
    <Result
      status="success"
      title="提交成功"
      subTitle={
        <div className="submitted">
          <p>
            您的“{item?.title}”申请已提交，申报编号：<strong className="number">{application.number}</strong>
          </p>
          <p>请记录申报编号，用于查询办理进度。</p>
          <p>
            接下来：工作人员将在{ACCEPT_LIMIT_DAYS}个工作日内对申请材料进行受理审查。材料齐全、符合法定形式的予以受理并出具受理单；需要补正的，将一次性告知需要补正的全部内容。您可以在“办事进度”中查看办理进度、下载受理单。
          </p>
        </div>
      }
      extra={[
        <ButtonLink key="my" type="primary" to="/my">
          办事进度
        </ButtonLink>,
        <ButtonLink key="home" to="/">
          返回首页
        </ButtonLink>,
      ]}
    />
  );
}
