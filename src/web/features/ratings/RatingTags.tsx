import { Tag } from 'antd';
import { Link } from 'react-router';
import { RATING_LABELS, type RatingLevel } from '../../../domain/ratings.ts';
import type { RatableCase } from '../../api/ratings.ts';

const LEVEL_COLOR: Record<RatingLevel, string> = {
  'very-satisfied': 'green',
  satisfied: 'green',
  'basically-satisfied': 'blue',
  dissatisfied: 'orange',
  'very-dissatisfied': 'red',
};

export function RatingTag({ level }: { level: RatingLevel }) {
  return <Tag color={LEVEL_COLOR[level]}>{RATING_LABELS[level]}</Tag>;
}

export const ratingUrl = (caseId: string) => `/my/cases/${caseId}?tab=rating`;

/** 办事进度 and 消息中心: 评价 for an ended case not rated yet, 查看评价 once rated. */
export function RatingLink({ state, onClick }: { state: RatableCase; onClick?: () => void }) {
  return (
    <Link to={ratingUrl(state.applicationId)} onClick={onClick}>
      {state.rated ? '查看评价' : '评价服务'}
    </Link>
  );
}
