import { Alert, Badge, Button, List, Space } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { progressApi, type NotificationView } from '../../api/progress.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { announceUnread } from '../../app/unread.ts';
import type { RatableCase } from '../../api/ratings.ts';
import { RatingLink } from '../ratings/RatingTags.tsx';
import type { messagesLoader } from './progress.loaders.ts';

/** The newest page of messages, with the cases that can be rated (好差评). */
type MessagePage = { items: NotificationView[]; more: boolean; ratings: ReadonlyMap<string, RatableCase> };

/** 消息中心: every status change of the applicant's cases (staff: deadline warnings of the cases they hold), newest first. */
export function MessagesPage() {
  const { first, staff } = useLoaderData<typeof messagesLoader>();
  return (
    <PageFrame crumbs={[{ title: '消息中心' }]} title="消息中心">
      <div className="panel">
        <Suspense fallback={<Messages first={null} staff={staff} />}>
          <Await
            resolve={first}
            errorElement={
              <>
                <AsyncErrorAlert />
                <Messages first={{ items: [], more: false, ratings: new Map() }} staff={staff} />
              </>
            }
          >
            {(page: MessagePage) => <Messages first={page} staff={staff} />}
          </Await>
        </Suspense>
      </div>
    </PageFrame>
  );
}

/** The messages from the newest page on (null while it loads); older pages are added on request. */
function Messages({ first, staff }: { first: MessagePage | null; staff: boolean }) {
  // Read marks and older pages change this list in place, starting from the page loaded.
  const [items, setItems] = useState(first?.items ?? null);
  const [more, setMore] = useState(first?.more ?? false);
  const [error, setError] = useState<string>();
  const ratings = first?.ratings ?? new Map<string, RatableCase>();

  const loadOlder = (before: string | undefined) =>
    progressApi.notifications(before).then(
      (page) => {
        setItems((prev) => [...(prev ?? []), ...page.items]);
        setMore(page.more);
        announceUnread(page.unread);
      },
      (e: Error) => setError(e.message),
    );

  const markRead = async (ids?: string[]) => {
    const { unread } = await progressApi.markRead(ids);
    const now = new Date().toISOString();
    setItems((prev) => prev?.map((m) => (!ids || ids.includes(m.id) ? { ...m, readAt: m.readAt ?? now } : m)) ?? null);
    announceUnread(unread);
  };

  // The newest message of each ended case links to its 服务评价 (好差评).
  const newestOfCase = new Set<string>();
  const seen = new Set<string>();
  for (const m of items ?? []) {
    if (m.applicationId && !seen.has(m.applicationId)) {
      seen.add(m.applicationId);
      newestOfCase.add(m.id);
    }
  }

  return (
    <>
      {error ? <Alert type="error" title={error} /> : null}
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => void markRead()} disabled={!items?.some((m) => !m.readAt)}>
          全部标为已读
        </Button>
      </Space>
      <List<NotificationView>
        loading={items === null}
        dataSource={items ?? []}
        locale={{ emptyText: '暂无消息' }}
        renderItem={(m) => (
          <List.Item
            actions={[
              m.applicationId ? (
                <Link key="track" to={staff ? `/staff/cases/${m.applicationId}` : `/my/cases/${m.applicationId}`} onClick={() => void (m.readAt ? null : markRead([m.id]))}>
                  {staff ? '打开案件' : '查看流程跟踪'}
                </Link>
              ) : null,
              m.applicationId && newestOfCase.has(m.id) && ratings.has(m.applicationId) ? (
                <RatingLink key="rate" state={ratings.get(m.applicationId)!} onClick={() => void (m.readAt ? null : markRead([m.id]))} />
              ) : null,
              !m.readAt ? (
                <Button key="read" type="link" size="small" onClick={() => void markRead([m.id])}>
                  标为已读
                </Button>
              ) : null,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!m.readAt ? <Badge status="processing" text={<span className="visually-hidden">未读</span>} /> : null}
                  <span style={{ fontWeight: m.readAt ? 400 : 600 }}>{m.title}</span>
                </Space>
              }
              description={
                <>
                  <div style={{ whiteSpace: 'pre-line', color: '#333' }}>{m.body}</div>
                  <div className="muted">{dayjs(m.createdAt).format('YYYY-MM-DD HH:mm')}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
      {more ? (
        <Button style={{ marginTop: 12 }} onClick={() => void loadOlder(items?.[items.length - 1]?.id)}>
          加载更早的消息
        </Button>
      ) : null}
    </>
  );
}


