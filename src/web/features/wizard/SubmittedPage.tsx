import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { findItem } from '../../../domain/items/index.ts';
import { ACCEPT_LIMIT_DAYS } from '../../../domain/workflow/index.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';

/** Confirmation after 提交: the 申报编号 and what happens next. */
export function SubmittedPage() {
  const { id = '' } = useParams();
  const [application, setApplication] = useState<ApplicationView | null>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    applicationsApi.get(id).then(setApplication, (e: Error) => setError(e.message));
  }, [id]);
  const item = application ? findItem(application.item) : undefined;
  return (
    <PageFrame crumbs={[{ title: '办事进度', to: '/my' }, { title: '提交成功' }]} title="申报提交成功">
      <div className="panel">
        {error ? (
          <Result status="error" title="无法显示该申请" subTitle={error} />
        ) : !application ? (
          <Spin />
        ) : (
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
        )}
      </div>
    </PageFrame>
  );
}
