import type { TablePaginationConfig } from 'antd';
import { useSearchParams } from 'react-router';
import { CASE_PAGE_SIZES } from '../../contract/staff.ts';

const DEFAULT_PAGE_SIZE = 20;

/**
 * A table's pagination kept in the page's address (`page`, `pageSize`): the server pages, the
 * address says which page, and back/forward and a shared link show the same rows.
 */
export function useAddressPagination(shown: { page: number; pageSize: number; total: number } | null): TablePaginationConfig {
  const [params, setParams] = useSearchParams();
  return {
    current: shown?.page ?? 1,
    pageSize: shown?.pageSize ?? DEFAULT_PAGE_SIZE,
    total: shown?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [...CASE_PAGE_SIZES],
    showTotal: (total) => `共 ${total} 件`,
    onChange: (page, size) => {
      const next = new URLSearchParams(params);
      if (page > 1) next.set('page', String(page));
      else next.delete('page');
      if (size !== DEFAULT_PAGE_SIZE) next.set('pageSize', String(size));
      else next.delete('pageSize');
      setParams(next);
    },
  };
}
