import { Alert, App, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ItemDefinition } from '../../../domain/items/index.ts';
import { ApiError } from '../../api/client.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { ApplicationSections } from '../../components/ApplicationSections.tsx';

interface Props {
  item: ItemDefinition;
  application: ApplicationView;
  onPrevious(): void;
  onGoTo(stepKey: string): void;
  onChanged(application: ApplicationView): void;
}

/** 提交: everything entered, once more, then the applicant's pledge and 提交 (行政许可法 Art.31). */
export function ReviewStepView({ item, application, onPrevious, onGoTo, onChanged }: Props) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pledged, setPledged] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const correcting = application.status === 'correction';
  const submit = async () => {
    setSubmitting(true);
    setProblems([]);
    try {
      if (correcting) {
        onChanged(await applicationsApi.resubmit(application.id, application.version));
        void message.success('补正材料已重新提交，等待受理');
        navigate('/my', { replace: true });
        return;
      }
      const result = await applicationsApi.submit(application.id);
      navigate(`/applications/${application.id}/submitted`, { replace: true, state: { number: result.number } });
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) setProblems(error.fieldErrors.map((e) => e.message));
      else void message.error(error instanceof Error ? error.message : '提交失败，请重试');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div>
      <Typography.Paragraph>请核对以下信息。所有信息确认无误后，点击“提交”按钮，完成事项申报。提交后将不能修改。</Typography.Paragraph>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="申请信息不完整，暂不能提交"
          description={
            <ul className="plain-list">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <ApplicationSections
        item={item}
        data={application.data}
        attachments={application.attachments}
        attachmentUrl={(slot) => applicationsApi.attachmentUrl(application.id, slot)}
        extra={(key, title) => (
          <Button type="link" onClick={() => onGoTo(key)} aria-label={`修改${title}`}>
            修改
          </Button>
        )}
      />
      <Checkbox checked={pledged} onChange={(e) => setPledged(e.target.checked)}>
        {item.applicantKind === 'enterprise' ? '本单位' : '本人'}承诺所填写的信息和上传的材料真实、准确、完整，并对其真实性负责。
      </Checkbox>
      <div style={{ marginTop: 16 }}>
        <Space wrap>
          <Button onClick={onPrevious}>上一步</Button>
          <Button type="primary" onClick={() => void submit()} disabled={!pledged} loading={submitting}>
            {correcting ? '重新提交' : '提交'}
          </Button>
        </Space>
      </div>
    </div>
  );
}
