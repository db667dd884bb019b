import { Alert, App, Button, Descriptions, Empty, Form, Input, List, Tag, Upload } from 'antd';
import type { UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { STATEMENT_TEXT_MAX } from '../../../domain/notices/statements.ts';
import { ApiError } from '../../api/client.ts';
import { fileStatement, statementFileUrl, type CaseNotices, type NoticeLine, type CaseStatement } from '../../api/progress.ts';

const MAX_FILES = 5;

function NoticeCard({ line, kind }: { line: NoticeLine; kind: 'notice' | 'announcement' }) {
  return (
    <section className="case-section" aria-label={line.title}>
      <Descriptions
        size="small"
        bordered
        column={1}
        title={
          <a href={line.url} target="_blank" rel="noreferrer">
            {line.title}
          </a>
        }
        items={[
          { key: 'published', label: '发布日期', children: dayjs(line.publishedAt).format('YYYY-MM-DD') },
          ...(kind === 'notice'
            ? [
                {
                  key: 'period',
                  label: '公示期',
                  children: (
                    <>
                      {line.startsOn} 至 {line.endsOn}（{line.periodDays} 个工作日）{' '}
                      {line.running ? <Tag color="blue">公示中</Tag> : <Tag>已结束</Tag>}
                    </>
                  ),
                },
              ]
            : []),
          { key: 'name', label: '名称', children: line.subjectName },
          { key: 'type', label: '申请内容', children: line.applicationType ?? '—' },
          { key: 'qualification', label: '申请资质', children: line.qualification ?? '—' },
          {
            key: 'opinion',
            label: kind === 'notice' ? '审查意见' : '决定',
            children: (
              <>
                <Tag color={/不/.test(line.opinion) ? 'red' : 'green'}>{line.opinion}</Tag>
                {line.reason ? <span>{line.reason}</span> : null}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}

function StatementList({ caseId, statements }: { caseId: string; statements: readonly CaseStatement[] }) {
  if (statements.length === 0) return null;
  return (
    <>
      <h3 className="step-heading">我的陈述</h3>
      <List<CaseStatement>
        dataSource={[...statements]}
        renderItem={(s) => (
          <List.Item>
            <div style={{ width: '100%' }}>
              <div className="muted">
                {dayjs(s.submittedAt).format('YYYY-MM-DD HH:mm')} 提交 · {s.status === 'pending' ? <Tag color="orange">待答复</Tag> : <Tag color="green">已答复</Tag>}
              </div>
              <p style={{ whiteSpace: 'pre-wrap', margin: '6px 0' }}>{s.text}</p>
              {s.attachments.length > 0 ? (
                <ul className="plain-list">
                  {s.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={statementFileUrl(caseId, s.id, a.id)} target="_blank" rel="noreferrer">
                        {a.originalName}
                      </a>{' '}
                      <span className="muted">（{a.pages} 页）</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {s.reply ? (
                <Alert
                  type={s.outcome === 'returned' ? 'warning' : 'info'}
                  style={{ marginTop: 8 }}
                  title={`答复（${dayjs(s.repliedAt).format('YYYY-MM-DD HH:mm')}）：${s.outcome === 'returned' ? '陈述理由成立，申请退回审查，审查后将重新公示' : '维持原审查意见'}`}
                  description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.reply}</span>}
                />
              ) : null}
            </div>
          </List.Item>
        )}
      />
    </>
  );
}

/** 陈述 during the 公示 period; `onFiled` reloads the case's 公示 with it. */
function StatementForm({ caseId, deadline, onFiled }: { caseId: string; deadline: string; onFiled: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!text.trim()) {
      setError('请填写陈述内容');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await fileStatement(caseId, text, files.map((f) => f.originFileObj as File));
      onFiled();
      setOpen(false);
      setText('');
      setFiles([]);
      void message.success('陈述已提交');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ margin: '12px 0' }}
        title={`公示期内（${deadline} 前）对审查意见有异议的，可在线提交陈述材料，无需提交纸质材料。`}
        action={
          <Button type="primary" onClick={() => setOpen(true)}>
            陈述
          </Button>
        }
      />
    );
  }
  return (
    <section className="case-section" aria-label="提交陈述">
      <h3 className="step-heading">提交陈述（截止 {deadline}）</h3>
      <Form layout="vertical" onFinish={() => void submit()} style={{ maxWidth: 640 }}>
        <Form.Item label="陈述内容" required validateStatus={error && !text.trim() ? 'error' : undefined}>
          <Input.TextArea rows={6} maxLength={STATEMENT_TEXT_MAX} showCount value={text} onChange={(e) => setText(e.target.value)} aria-label="陈述内容" />
        </Form.Item>
        <Form.Item label={`陈述材料（PDF，最多 ${MAX_FILES} 个）`}>
          <Upload
            accept="application/pdf,.pdf"
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
          >
            <Button>选择PDF文件</Button>
          </Upload>
        </Form.Item>
        {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          提交陈述
        </Button>{' '}
        <Button onClick={() => setOpen(false)}>取消</Button>
      </Form>
    </section>
  );
}

/** 流程跟踪-公示: the case's 公示 entries, the 陈述 button during the period, its statements and replies. */
export function NoticeTab({ caseId, data, onChange }: { caseId: string; data: CaseNotices | null; onChange: () => void }) {
  if (!data) return null;
  if (data.notices.length === 0) return <Empty description="该申请暂无公示信息。审查意见公示后将在此显示。" />;
  return (
    <>
      {data.canFileStatement && data.statementDeadline ? <StatementForm caseId={caseId} deadline={data.statementDeadline} onFiled={onChange} /> : null}
      {data.notices.map((n) => (
        <NoticeCard key={n.batchId} line={n} kind="notice" />
      ))}
      <StatementList caseId={caseId} statements={data.statements} />
    </>
  );
}

/** 流程跟踪-公告: the decision as announced. */
export function AnnouncementTab({ data }: { data: CaseNotices | null }) {
  if (!data) return null;
  if (data.announcements.length === 0) return <Empty description="该申请暂无公告信息。" />;
  return (
    <>
      {data.announcements.map((n) => (
        <NoticeCard key={n.batchId} line={n} kind="announcement" />
      ))}
    </>
  );
}
