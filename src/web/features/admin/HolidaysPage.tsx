import { Alert, App, Button, Form, Input, InputNumber, Space, Spin } from 'antd';
import { Suspense, useState } from 'react';
import { Await, useLoaderData, useSearchParams } from 'react-router';
import { HOLIDAY_ENTRIES_MAX, HolidayEntrySchema, HolidaysInputSchema } from '../../../contract/admin.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { adminApi, type HolidayEntry } from '../../api/admin.ts';
import type { HolidayList } from '../../../contract/admin.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { MAX_YEAR, MIN_YEAR, type holidaysLoader } from './admin.loaders.ts';

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

/** 节假日维护: the State Council's arrangement for a year (`?year=`), which every deadline counts with. */
export function HolidaysPage() {
  const { year, entries } = useLoaderData<typeof holidaysLoader>();
  const [, setParams] = useSearchParams();
  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '节假日维护' }]} title="节假日维护">
      <div className="panel">
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title="按国务院办公厅当年节假日安排通知录入：每行一天，“休”为放假日（含周末），“班”为调休上班的周末。所有办理期限按此计算工作日。"
        />
        <Form layout="vertical">
          <Form.Item label="年份">
            <InputNumber
              min={MIN_YEAR}
              max={MAX_YEAR}
              value={year}
              onChange={(v) => v && v >= MIN_YEAR && v <= MAX_YEAR && setParams({ year: String(v) }, { replace: true })}
              aria-label="年份"
            />
          </Form.Item>
        </Form>
        {/* Keyed by the year: another year's text is never shown, nor saved, under this one. */}
        <Suspense key={year} fallback={<Spin />}>
          <Await resolve={entries} errorElement={<HolidaysLoadError year={year} />}>
            {(days: HolidayList['entries']) => <HolidaysForm year={year} entries={days} />}
          </Await>
        </Suspense>
      </div>
    </PageFrame>
  );
}

function HolidaysLoadError({ year }: { year: number }) {
  return <HolidaysForm year={year} entries={[]} loadError={useAsyncErrorMessage()} />;
}

/** The year's days as editable lines (`loadError` when they could not be read). */
function HolidaysForm({ year, entries, loadError }: { year: number; entries: HolidayList['entries']; loadError?: string }) {
  const { message } = App.useApp();
  const [text, setText] = useState(() => entries.map((e) => `${e.date} ${KIND_TEXT[e.kind]} ${e.name}`).join('\n'));
  const [source, setSource] = useState(entries[0]?.source ?? '');
  const [problem, setProblem] = useState(loadError ?? (entries.length === 0 ? `${year}年的节假日安排尚未维护：期限暂按周末计算。` : undefined));

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
    <>
      {problem ? <Alert type="warning" title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical">
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
    </>
  );
}
