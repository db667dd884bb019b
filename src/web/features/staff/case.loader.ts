import type { LoaderFunctionArgs } from 'react-router';
import { staffApi } from '../../api/staff.ts';
import { settle } from '../../app/loaders.ts';

/** 案件办理: the case, not awaited (the page shows a spinner); the server decides who may see it. */
export function caseLoader({ params }: LoaderFunctionArgs) {
  return settle({ view: staffApi.getCase(params.id ?? '') });
}
