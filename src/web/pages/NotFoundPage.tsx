import { Result } from 'antd';
import { PageFrame } from '../app/Layout.tsx';
import { ButtonLink } from '../components/ButtonLink.tsx';

export function NotFoundPage() {
  return (
    <PageFrame crumbs={[{ title: '页面不存在' }]}>
      <div className="panel">
        <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移除。" extra={<ButtonLink to="/">返回首页</ButtonLink>} />
      </div>
    </PageFrame>
  );
}
