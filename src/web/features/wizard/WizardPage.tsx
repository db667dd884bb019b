import { Alert, App, Button, Result, Spin, Steps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import type { StepValues } from '../../../domain/forms/index.ts';
import { Await, useLoaderData, useLocation, useSearchParams } from 'react-router';
import { APPLICATION_TYPE_FIELD, GROUP, correctionLabels, findItem, type ItemDefinition } from '../../../domain/items/index.ts';
import { loginUrl } from '../../api/client.ts';
import type { ApplicationView } from '../../api/applications.ts';
import { isReopened } from './reopened.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useSession } from '../../app/session.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { ItemNotFound } from '../../pages/GuidePage.tsx';
import { AttachmentsStepView } from './AttachmentsStepView.tsx';
import { FormStepView } from './FormStepView.tsx';
import { applicationProblems, problemSteps, type ProblemTarget } from './problems.ts';
import { ReviewStepView } from './ReviewStepView.tsx';
import { suggestedType } from './suggested-type.ts';
import { useLeaveGuard } from './useLeaveGuard.ts';
import type { WizardStart, wizardLoader } from './wizard.loaders.ts';

/**
 * The first step not yet saved or no longer complete (a file deleted in another tab, a date now
 * past); the review step when everything is. Nothing after it is reachable from the step bar.
 */
function resumeIndex(item: ItemDefinition, application: ApplicationView | null, troubled: ReadonlySet<string>): number {
  if (!application) return 0;
  if (application.status === 'correction') {
    const reopened = item.steps.findIndex((s) => s.kind !== 'review' && (isReopened(application, { step: s.key }) || (s.kind === 'attachments' && s.slots.some((slot) => isReopened(application, { slot: slot.key })))));
    return reopened === -1 ? item.steps.length - 1 : reopened;
  }
  const index = item.steps.findIndex((s) => s.kind !== 'review' && (!application.savedSteps.includes(s.key) || troubled.has(s.key)));
  return index === -1 ? item.steps.length - 1 : index;
}

const problemsOf = (item: ItemDefinition, application: ApplicationView | null, register: RegisterOffers | null) =>
  application && application.status === 'draft' ? applicationProblems(item, application, register?.types) : [];

/** 网上办理 (/items/:code/apply): the four-step wizard rendered from the item definition. */
export function WizardPage() {
  const { code, start } = useLoaderData<typeof wizardLoader>();
  const item = code ? findItem(code) : undefined;
  if (!item || !start) return <ItemNotFound />;
  return (
    <Suspense
      fallback={
        <WizardFrame item={item}>
          <div aria-busy="true">
            <Spin /> <span>正在加载…</span>
          </div>
        </WizardFrame>
      }
    >
      <Await resolve={start}>{(s: WizardStart) => (s.kind === 'ready' ? <Wizard key={s.load} item={item} start={s} /> : <NoWizard item={item} start={s} />)}</Await>
    </Suspense>
  );
}

function WizardFrame({ item, pageTitle, children }: { item: ItemDefinition; pageTitle?: string; children: ReactNode }) {
  return (
    <PageFrame crumbs={[{ title: GROUP, to: '/' }, { title: item.title }]} title={item.title} pageTitle={pageTitle}>
      <div className="panel">{children}</div>
    </PageFrame>
  );
}

/** Why this account cannot fill in the item now. */
function NoWizard({ item, start }: { item: ItemDefinition; start: Exclude<WizardStart, { kind: 'ready' }> }) {
  const { logout } = useSession();
  const location = useLocation();
  if (start.kind === 'in-progress') {
    return (
      <WizardFrame item={item}>
        <Result
          status="info"
          title="您已有一件正在办理的申请"
          subTitle={`同一事项同时只能办理一件。申报编号 ${start.number ?? ''} 的申请正在办理中，请在“办事进度”中查看办理情况。`}
          extra={
            <ButtonLink type="primary" to="/my">
              办事进度
            </ButtonLink>
          }
        />
      </WizardFrame>
    );
  }
  return (
    <WizardFrame item={item}>
      <Result
        status={start.kind === 'refused' ? 'warning' : 'error'}
        title={start.kind === 'refused' ? '当前账号不能办理此事项' : '加载失败'}
        subTitle={start.message}
        extra={[
          <Button key="switch" type="primary" onClick={() => void logout(loginUrl(location.pathname))}>
            退出并切换账号
          </Button>,
          <ButtonLink key="home" to="/">
            返回首页
          </ButtonLink>,
        ]}
      />
    </WizardFrame>
  );
}

/** The steps of a draft (or a new application, or a 补正), from one load; 重新加载 starts another. */
function Wizard({ item, start }: { item: ItemDefinition; start: Extract<WizardStart, { kind: 'ready' }> }) {
  const { account } = useSession();
  const { modal } = App.useApp();
  const reload = useReload();
  const { prefill, register } = start;
  // Saves return the application as it now is; kept here until the next load.
  const [application, setApplication] = useState(start.application);
  const problems = useMemo(() => problemsOf(item, application, register), [item, application, register]);
  const troubled = useMemo(() => problemSteps(problems), [problems]);
  const [current, setCurrent] = useState(() => resumeIndex(item, start.application, problemSteps(problemsOf(item, start.application, register))));
  // 我该选哪个申请内容 sent the applicant here with a 申请内容 (?type=): chosen in step 2, not saved yet.
  const [params] = useSearchParams();
  const [suggestion] = useState(() => suggestedType(item, start.application, params.get('type')));
  // What was typed in each form step and not saved yet: kept while moving between steps.
  const [drafts, setDrafts] = useState<Record<string, StepValues>>(() => (suggestion?.preset ? { [suggestion.preset.step]: { [APPLICATION_TYPE_FIELD]: suggestion.preset.value } } : {}));
  const [focus, setFocus] = useState<ProblemTarget | null>(null);
  const [formKey, setFormKey] = useState(0);
  useLeaveGuard(Object.keys(drafts).length > 0);

  const saved = new Set(application?.savedSteps ?? []);
  const reachable = resumeIndex(item, application, troubled);
  const step = item.steps[current]!;

  /** To another step; what was typed here stays in `drafts`. `target`: a part to focus there. */
  const goTo = (index: number, target?: ProblemTarget) => {
    setFocus(target ?? null);
    if (index === current && !target) return;
    setCurrent(index);
    setFormKey((k) => k + 1);
    if (!target) window.scrollTo({ top: 0 });
  };
  const setDraft = (key: string, values: StepValues | undefined) =>
    setDrafts((all) => {
      const { [key]: _dropped, ...rest } = all;
      return values === undefined ? rest : { ...rest, [key]: values };
    });
  const onSaved = (next: ApplicationView) => {
    setApplication(next);
    setDraft(step.key, undefined);
  };
  const onStale = () =>
    modal.error({
      title: '申请已在其他页面修改',
      content: '该申请已在其他页面或设备上修改。为避免覆盖较新的内容，本次暂存未保存。点击“重新加载”查看最新内容。',
      okText: '重新加载',
      onOk: () => void reload(),
    });

  const correcting = application?.status === 'correction';
  const stepName = `第${['一', '二', '三', '四', '五'][current]}步 ${step.title}`;
  return (
    <WizardFrame item={item} pageTitle={`${stepName} - ${item.title}`}>
      {correcting && application?.correction ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title="补正通知：请按以下要求修改后重新提交"
          description={
            <>
              <p style={{ margin: 0 }}>{application.correction.message}</p>
              <p style={{ margin: '6px 0 0' }}>需要补正的内容：{correctionLabels(item, application.correction.items).join('、')}。其余内容不能修改。</p>
            </>
          }
        />
      ) : null}
      {suggestion ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={suggestion.text} /> : null}
      <div id="wizard-steps">
        <Steps
          current={current}
          size="small"
          style={{ marginBottom: 24 }}
          onChange={(index) => index <= reachable && goTo(index)}
          items={item.steps.map((s, i) => ({
            title: s.title,
            disabled: i > reachable,
            description: drafts[s.key] ? '修改未保存' : saved.has(s.key) && troubled.has(s.key) ? '需修改' : undefined,
            status: i === current ? 'process' : saved.has(s.key) && troubled.has(s.key) ? 'error' : saved.has(s.key) ? 'finish' : 'wait',
          }))}
        />
      </div>
      <h2 className="step-heading" tabIndex={-1}>
        {stepName}
      </h2>
      {step.kind === 'form' ? (
        <FormStepView
          key={`${step.key}-${formKey}`}
          item={item}
          profile={account?.profile ?? {}}
          basicInfo={account?.basicInfo}
          step={step}
          application={application}
          prefill={prefill}
          register={register}
          saved={saved.has(step.key)}
          readOnly={correcting && !isReopened(application!, { step: step.key })}
          draft={drafts[step.key]}
          onDraft={(values) => setDraft(step.key, values)}
          onSaved={onSaved}
          onStale={onStale}
          onPrevious={current > 0 ? () => goTo(current - 1) : undefined}
          onNext={() => goTo(current + 1)}
          focus={focus?.step === step.key ? focus.field : undefined}
        />
      ) : step.kind === 'attachments' && application ? (
        <AttachmentsStepView
          key={`${step.key}-${formKey}`}
          step={step}
          application={application}
          saved={saved.has(step.key)}
          onChanged={onSaved}
          onStale={onStale}
          onPrevious={() => goTo(current - 1)}
          onNext={() => goTo(current + 1)}
          focusSlot={focus?.step === step.key ? focus.slot : undefined}
        />
      ) : step.kind === 'review' && application ? (
        <ReviewStepView
          item={item}
          application={application}
          problems={problems}
          onPrevious={() => goTo(current - 1)}
          onGoTo={(key, target) => goTo(item.steps.findIndex((s) => s.key === key), target)}
          onChanged={onSaved}
        />
      ) : null}
    </WizardFrame>
  );
}

