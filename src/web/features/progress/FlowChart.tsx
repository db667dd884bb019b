import { Steps } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { TrackView } from '../../api/progress.ts';

const NEGATIVE_ENDS = new Set(['not-accepted', 'rejected', 'withdrawn']);

function useNarrow(maxWidth = 768): boolean {
  const query = `(max-width: ${maxWidth}px)`;
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const onChange = () => setNarrow(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [query]);
  return narrow;
}

const time = (iso?: string) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/**
 * 流程跟踪 chart of the case's own variant: finished nodes, the current one highlighted, the
 * nodes ahead. Vertical on narrow screens; the text alternative is the ordered list itself
 * (each step's state is spelled out for screen readers).
 */
export function FlowChart({ track }: { track: TrackView }) {
  const narrow = useNarrow();
  const current = track.nodes.find((n) => n.status === 'current');
  const stateWord = { done: '已完成', current: '当前环节', ahead: '未开始', skipped: '未经过' } as const;
  const items = [
    ...track.nodes.map((n) => ({
      title: n.detour ? `${n.label}（附加环节）` : n.label,
      status: n.status === 'done' ? ('finish' as const) : n.status === 'current' ? ('process' as const) : ('wait' as const),
      content: (
        <>
          <span className="visually-hidden">{stateWord[n.status]}</span>
          {n.status === 'done' ? <span className="flow-time">{time(n.leftAt)}</span> : null}
          {n.status === 'current' ? <span className="flow-current">当前环节</span> : null}
          {n.status === 'skipped' ? <span className="muted">未经过</span> : null}
        </>
      ),
    })),
    {
      title: track.end.label,
      status:
        track.end.status === 'reached'
          ? NEGATIVE_ENDS.has(track.end.outcome ?? '')
            ? ('error' as const)
            : ('finish' as const)
          : ('wait' as const),
      content: (
        <>
          <span className="visually-hidden">{track.end.status === 'reached' ? '已办结' : '未开始'}</span>
          {track.end.status === 'reached' ? <span className="flow-time">{time(track.end.at)}</span> : null}
        </>
      ),
    },
  ];
  return (
    // Focusable: a long chart scrolls sideways, and a keyboard must reach it to scroll.
    <figure className="flow-chart" aria-labelledby="flow-caption" tabIndex={0}>
      <figcaption id="flow-caption" className="muted">
        {track.end.status === 'reached'
          ? `已办结：${track.end.label}。`
          : current
            ? `当前环节：${current.label}（共 ${items.length} 个环节）。`
            : `共 ${items.length} 个环节。`}
      </figcaption>
      <Steps
        orientation={narrow ? 'vertical' : 'horizontal'}
        size="small"
        titlePlacement={narrow ? 'horizontal' : 'vertical'}
        current={items.findIndex((i) => i.status === 'process')}
        items={items}
      />
    </figure>
  );
}
