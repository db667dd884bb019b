import { App, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ItemDefinition } from '../../../domain/items/index.ts';
import { isApiError } from '../../api/client.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { ApplicationSections } from '../../components/ApplicationSections.tsx';
import { ErrorSummary, type SummaryLink } from '../../components/ErrorSummary.tsx';
import { mergeProblems, toProblems, type Problem, type ProblemTarget } from './problems.ts';
import { SelfCheck } from './SelfCheck.tsx';

interface Props {
  item: ItemDefinition;
  application: ApplicationView;
  /** What the definitions find missing or wrong in the application as last loaded. */
  problems: readonly Problem[];
  onPrevious(): void;
  onGoTo(stepKey: string, target?: ProblemTarget): void;
  onChanged(application: ApplicationView): void;
}

const PLEDGE_ID = 'review-pledge';

/** 提交: everything entered, once more, then the applicant's pledge and 提交 (行政许可法 Art.31). */
export function ReviewStepView({ item, application, problems, onPrevious, onGoTo, onChanged }: Props) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pledged, setPledged] = useState(false);
  const [pledgeMissing, setPledgeMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [refused, setRefused] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);

  const correcting = application.status === 'correction';
  const submit = async () => {
    if (!pledged) {
      setPledgeMissing(true);
      setAttempt((n) => n + 1);
      return;
    }
    setSubmitting(true);
    setRefused([]);
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
      if (isApiError(error, 'APPLICATION_INCOMPLETE', 'APPLICANT_NOT_ELIGIBLE')) {
        // The server's truth (a file deleted in another tab …): reload, so the page shows what it judged.
        const fresh = await applicationsApi.get(application.id).catch(() => application);
        onChanged(fresh);
        setRefused(toProblems(item, error.fieldErrors, fresh.data));
        setAttempt((n) => n + 1);
      } else void message.error(error instanceof Error ? error.message : '提交失败，请重试');
    } finally {
      setSubmitting(false);
    }
  };

  const shown = mergeProblems(refused, problems);
  const links: SummaryLink[] = shown.map((p) => ({
    key: p.key,
    message: p.message,
    href: '#wizard-steps',
    onSelect: () => onGoTo(p.target.step, p.target.field || p.target.slot ? p.target : undefined),
  }));
  if (pledgeMissing && !pledged) {
    links.push({ key: 'pledge', message: '请阅读并勾选承诺', href: `#${PLEDGE_ID}`, onSelect: () => document.getElementById(PLEDGE_ID)?.focus() });
  }
  const invalidOnly = shown.length > 0 && shown.every((p) => p.kind === 'invalid');

  return (
    <div>
      <Typography.Paragraph>请核对以下信息。所有信息确认无误后，点击“提交”按钮，完成事项申报。提交后将不能修改。</Typography.Paragraph>
      {links.length > 0 ? (
        <ErrorSummary
          title={shown.length === 0 ? '请确认承诺后再提交' : invalidOnly ? '申请信息有误，暂不能提交' : '申请信息不完整，暂不能提交'}
          description={shown.length > 0 ? '请点击以下提示，前往相应步骤修改后再提交。' : undefined}
          links={links}
          attempt={attempt}
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
      <SelfCheck
        attachments={application.attachments}
        slotTitle={(slot) => item.attachmentSlots.find((s) => s.key === slot)?.title ?? slot}
        url={(slot) => applicationsApi.attachmentUrl(application.id, slot)}
        onFix={(slot) => {
          const step = item.steps.find((s) => s.kind === 'attachments');
          if (step) onGoTo(step.key, { step: step.key, slot });
        }}
      />
      <Checkbox
        id={PLEDGE_ID}
        checked={pledged}
        onChange={(e) => setPledged(e.target.checked)}
        aria-invalid={pledgeMissing && !pledged ? true : undefined}
      >
        {item.applicantKind === 'enterprise' ? '本单位' : '本人'}承诺所填写的信息和上传的材料真实、准确、完整，并对其真实性负责。
      </Checkbox>
      {pledgeMissing && !pledged ? <div className="field-error">请阅读并勾选承诺</div> : null}
      <div style={{ marginTop: 16 }}>
        <Space wrap>
          <Button onClick={onPrevious}>上一步</Button>
          <Button type="primary" onClick={() => void submit()} loading={submitting}>
            {correcting ? '重新提交' : '提交'}
          </Button>
        </Space>
      </div>
    </div>
  );
}
