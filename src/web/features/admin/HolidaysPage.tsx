import { Alert, App, Button, Form, Input, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { HOLIDAY_ENTRIES_MAX, HolidayEntrySchema, HolidaysInputSchema } from '../../../contract/admin.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { ApiError } from '../../api/client.ts';
import { adminApi, type HolidayEntry } from '../../api/admin.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useRequireLogin } from '../../app/session.tsx';

const KIND_TEXT = { holiday: '休', workday: '班' } as const;
const NAME_MAX = maxLengthOf(HolidayEntrySchema.shape.name)!;
const SOURCE_MAX = maxLengthOf(HolidaysInputSchema.shape.source);

/** One line per day: `2027-01-01 休 元旦` or `2027-02-06 班 春节`. */
function parseLines(text: string): { entries: HolidayEntry[]; problem?: string } {
  const entries: HolidayEntry[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(休|班)\s+(\S.*)$/.exec(line);
    if (!m) return { entries, problem: `第${i + 1}行格式不正确：应为“日期 休/班 名称”，如 2027-01-01 休 元旦` };
    if (m[3]!.length > NAME_MAX) return { entries, problem: `第${i + 1}行的名称不能超过${NAME_MAX}个字` };
    entries.push({ date: m[1]!, kind: m[2] === '休' ? 'holiday' : 'workday', name: m[3]! });
  }
  if (entries.length > HOLIDAY_ENTRIES_MAX) return { entries, problem: `一年最多录入${HOLIDAY_ENTRIES_MAX}天` };
  return { entries };
}

/** 节假日维护: the State Council's arrangement for a year, which every deadline counts with. */
export function HolidaysPage() {
  const { account } = useRequireLogin();
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!account) return;
    adminApi.holidays(year).then(
      (r) => {
        setText(r.entries.map((e) => `${e.date} ${KIND_TEXT[e.kind]} ${e.name}`).join('\n'));
        setSource(r.entries[0]?.source ?? '');
        setProblem(r.entries.length === 0 ? `${year}年的节假日安排尚未维护：期限暂按周末计算。` : undefined);
      },
      (e: ApiError) => setProblem(e.message),
    );
  }, [year, account]);

  const save = async () => {
    const parsed = parseLines(text);
    if (parsed.problem) return setProblem(parsed.problem);
    try {
      await adminApi.saveHolidays(year, { source, entries: parsed.entries });
      setProblem(undefined);
      void message.success(`${year}年节假日安排已保存`);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : '保存失败');
    }
  };

  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '节假日维护' }]} title="节假日维护">
      <div className="panel">
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title="按国务院办公厅当年节假日安排通知录入：每行一天，“休”为放假日（含周末），“班”为调休上班的周末。所有办理期限按此计算工作日。"
        />
        {problem ? <Alert type="warning" title={problem} style={{ marginBottom: 12 }} /> : null}
        <Form layout="vertical">
          <Form.Item label="年份">
            <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label="年份" />
          </Form.Item>
          <Form.Item label="依据（通知文号）">
            <Input value={source} maxLength={SOURCE_MAX} onChange={(e) => setSource(e.target.value)} placeholder="如：国务院办公厅关于2027年部分节假日安排的通知" />
          </Form.Item>
          <Form.Item label="节假日与调休">
            <Input.TextArea rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder={'2027-01-01 休 元旦\n2027-02-06 班 春节'} />
          </Form.Item>
          <Space>
            <Button type="primary" onClick={() => void save()}>
              保存
            </Button>
          </Space>
        </Form>
      </div>
    </PageFrame>
  );
}
