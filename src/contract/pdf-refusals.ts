/**
 * Why the PDF inspection refused a file, in the applicant's words. Kept apart from the error table
 * (errors.ts) because the inspection's worker threads read it too and should load nothing else.
 */

/** Past a limit of the structural pre-check (`limit`: which, and by how much). */
export const tooComplexText = (limit?: string) => `PDF文件结构过于复杂${limit ? `（${limit}）` : ''}，请重新导出或打印为PDF后上传`;

/** Refusals other than active content, by their code on the wire. */
export const PDF_REFUSAL_TEXTS = {
  ATTACHMENT_EMPTY: '文件为空，请重新选择',
  ATTACHMENT_NOT_PDF: '文件内容不是PDF格式（不论扩展名），请上传PDF文件',
  ATTACHMENT_ENCRYPTED: 'PDF文件已加密或设有密码，请去除密码后重新上传',
  ATTACHMENT_UNREADABLE: 'PDF文件已损坏或无法读取',
  ATTACHMENT_INFLATED_TOO_LARGE: 'PDF文件解压后的内容过大，疑似压缩炸弹，请重新生成PDF后上传',
  ATTACHMENT_NO_PAGES: 'PDF文件没有任何页面，请检查后重新上传',
  ATTACHMENT_TOO_COMPLEX: tooComplexText(),
  ATTACHMENT_TIMEOUT: 'PDF文件检查超时，文件可能过于复杂，请重新导出或打印为PDF后上传',
};

/** Active content found (`contents`: the kinds, named and joined with 、). */
export const activeContentText = (contents: string) => `PDF文件含有${contents}，扫描件不需要此类内容，请重新导出或打印为PDF后上传`;
