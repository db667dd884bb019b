/**
 * What an official document says, independent of how it is drawn. The documents service builds
 * one of these from a case (and freezes it in issued_documents.content); the renderer turns it
 * into PDF bytes. Rendering the same value twice gives the same bytes.
 */
export type DocumentBlock =
  /** A body paragraph, first line indented two characters as in 公文. */
  | { type: 'paragraph'; text: string }
  /** Label/value rows, e.g. 申报编号 / KC2026000001; drawn as a two-column table ruled under every row. A value may hold '\n'. */
  | { type: 'fields'; caption?: string; rows: ReadonlyArray<readonly [string, string]> }
  /** A numbered list, e.g. the received materials or every item to correct. */
  | { type: 'list'; caption?: string; items: readonly string[] }
  /** A ruled table with a header row (repeated on each page), columns as wide as their `weight` says. */
  | { type: 'table'; caption?: string; columns: readonly { title: string; weight: number }[]; rows: ReadonlyArray<readonly string[]> };

export interface OfficialDocument {
  /** 'notice': 通知书/决定书 on A4 portrait; 'certificate': 证书/证明 with a border, fields prominent. */
  layout: 'notice' | 'certificate';
  /** 受理通知书, 资质证书 … */
  title: string;
  /** Issuing authority: 北京市规划和自然资源委员会. Printed at the top and in the seal. */
  authority: string;
  /** 文号 or certificate number, e.g. 京规自资受〔2026〕第000001号. */
  number: string;
  /** 主送: “北京某某勘察设计有限公司：” (without the colon; the renderer adds it). Absent on certificates. */
  addressee?: string;
  blocks: readonly DocumentBlock[];
  /** Date of issue, 'YYYY-MM-DD' (Asia/Shanghai); printed as 2026年11月27日. */
  date: string;
  /** Verification: the code printed under the QR code, the QR code encodes `url`. */
  verification: { code: string; url: string };
  /** A preview (样张) carries this across every page, so it cannot pass for the document itself. */
  watermark?: string;
}
