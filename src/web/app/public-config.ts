/** Browser-visible settings the server writes into index.html (`zizhi-config`; never secrets). */
export interface PublicConfig {
  hotline?: string;
  /** UPLOAD_MAX_MB: the largest attachment the server accepts. */
  uploadMaxMb?: number;
}

function read(): PublicConfig {
  const raw = document.querySelector<HTMLMetaElement>('meta[name="zizhi-config"]')?.content;
  // The dev server serves index.html unfilled.
  if (!raw || raw.startsWith('__')) return {};
  try {
    return JSON.parse(raw) as PublicConfig;
  } catch {
    return {};
  }
}

export const publicConfig: PublicConfig = read();
