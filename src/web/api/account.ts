import type { BasicInfo } from '../../domain/items/index.ts';
import { api } from './client.ts';

/** 完善基本信息 as the server keeps it. */
export interface BasicInfoView {
  /** What the identity service supplies: shown, not editable here. */
  identity: { label: string; value: string }[];
  values: BasicInfo;
  updatedAt: string | null;
}

export const accountApi = {
  basicInfo: () => api<BasicInfoView>('GET', '/api/me/basic-info'),
  saveBasicInfo: (values: Record<string, unknown>) => api<BasicInfoView>('PUT', '/api/me/basic-info', { values }),
};
