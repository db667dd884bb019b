/**
 * Every error the API answers with, in one table (issue #17.3): per code its HTTP status, its
 * Chinese message (a template where it names something: a 申报编号, a slot, a date), a line on when
 * it happens, and the machine-readable facts (`details`) it carries. The server throws them with
 * `appError` (src/server/errors.ts); the browser switches on the code and shows the message.
 * docs/api-errors.md is generated from this table (scripts/api-errors-doc.ts).
 */
import { chineseDate } from '../domain/calendar/index.ts';
import { NOTICE_KIND_LABELS, type NoticeKindKey } from '../domain/notices/kinds.ts';
import { NOTICE_PERIOD_RANGE_MESSAGE } from '../domain/notices/period.ts';
import { MAX_STATEMENT_FILES, STATEMENT_TEXT_MAX } from '../domain/notices/statements.ts';
import { RATING_COMMENT_MAX } from '../domain/ratings.ts';
import { SEARCH_MIN_CHARS } from '../domain/search.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import { EXTENSION_REASON_MIN, MAX_SPECIAL_PROCEDURE_DAYS, REFUSAL_MESSAGES } from '../domain/workflow/index.ts';
import type { FieldError } from './common.ts';
import { PDF_REFUSAL_TEXTS, activeContentText, tooComplexText } from './pdf-refusals.ts';

export type HttpStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 414 | 415 | 422 | 429 | 431 | 500 | 503;

/** Facts an error carries for programs: ids, numbers, versions, days — never personal data. */
export type ErrorDetailValues = Readonly<Record<string, string | number>>;

type Text<P> = string | ((p: P) => string);

/** One row of the table; `P`: the parameters its message takes, `D`: its details. */
export interface ErrorSpec<P = void, D extends ErrorDetailValues | undefined = undefined> {
  readonly status: HttpStatus;
  readonly message: Text<P>;
  /** When it happens, for the documentation (English). */
  readonly when: string;
  /** Parameters the documentation shows the message with; every template has one. */
  readonly example?: NoInfer<P>;
  readonly details?: (p: P) => D;
  /** The one field it is about, for the form to show it there. */
  readonly field?: { readonly path: Text<P>; readonly message: Text<P> };
  /** Seconds for Retry-After. */
  readonly retryAfter?: number | ((p: P) => number);
}

const spec = <P = void, D extends ErrorDetailValues | undefined = undefined>(s: ErrorSpec<P, D>): ErrorSpec<P, D> => s;

/** A refusal of the PDF inspection: the file's name (a slot's title, or a 陈述 file) and the reason. */
const pdfRefusal = (status: 415 | 422, code: Exclude<keyof typeof PDF_REFUSAL_TEXTS, 'ATTACHMENT_TOO_COMPLEX'>, when: string) =>
  spec({ status, message: (p: { file: string }) => `${p.file}：${PDF_REFUSAL_TEXTS[code]}`, example: { file: '营业执照' }, when });

/** What the multipart request was for, as its refusal says it. */
const MULTIPART_PURPOSES = { upload: '上传文件', import: '上传文件（字段 file）', statement: '提交陈述' } as const;

/** What the import accepts, said after each refusal of a file. */
const IMPORT_FORMATS = '请上传 .xlsx 工作簿或 .csv 文件（可先下载导入模板）';

export const ERRORS = {
  // — The request itself (Fastify, its parsers, Node) ————————————————————————————————
  REQUEST_INVALID: spec({
    status: 400,
    message: (p: { problem: string }) => `请求格式不正确：${p.problem}`,
    example: { problem: '字段“version”应为整数' },
    when: 'the body, query string or path does not fit the route’s schema; for the body, fieldErrors names the field',
  }),
  URL_MALFORMED: spec({ status: 400, message: '请求地址格式不正确：含有无法识别的字符编码', when: 'a malformed %-encoding in the path' }),
  JSON_INVALID: spec({ status: 400, message: '请求格式不正确：请求内容不是有效的JSON', when: 'a JSON body that does not parse' }),
  BODY_EMPTY: spec({ status: 400, message: '请求格式不正确：请求内容为空', when: 'an empty body declared as JSON' }),
  CONTENT_LENGTH_INVALID: spec({ status: 400, message: '请求格式不正确：内容长度与声明不符', when: 'a body whose length differs from Content-Length' }),
  CONTENT_TYPE_INVALID: spec({ status: 400, message: '请求格式不正确：内容类型无效', when: 'a Content-Type header that does not parse' }),
  PROPERTY_NAME_REJECTED: spec({ status: 400, message: '请求格式不正确：含有不允许的字段名', when: 'a JSON body with `__proto__` or `constructor`' }),
  METHOD_UNSUPPORTED: spec({ status: 400, message: '请求格式不正确：不支持的请求方法', when: 'an HTTP method Node does not know' }),
  REQUEST_MALFORMED: spec({ status: 400, message: '请求格式不正确', when: 'any other request Fastify or Node cannot read' }),
  UPLOAD_MALFORMED: spec({ status: 400, message: '上传的内容不完整或格式不正确，请重新选择文件上传', when: 'a multipart body without a boundary, or cut off' }),
  MULTIPART_REQUIRED: spec({
    status: 400,
    message: (p: { purpose: keyof typeof MULTIPART_PURPOSES }) => `请以 multipart/form-data 方式${MULTIPART_PURPOSES[p.purpose]}`,
    example: { purpose: 'upload' },
    when: 'an upload, import or 陈述 sent as anything but multipart/form-data',
  }),
  ROUTE_NOT_FOUND: spec({ status: 404, message: '请求的地址不存在', when: 'no route has this path and method' }),
  REQUEST_TIMEOUT: spec({ status: 408, message: '请求超时，请重试', when: 'the request did not arrive in time' }),
  PAYLOAD_TOO_LARGE: spec({ status: 413, message: '提交的内容过大', when: 'a body over the route’s limit' }),
  URI_TOO_LONG: spec({ status: 414, message: '请求地址过长，请核对链接是否完整', when: 'a path or parameter longer than the router takes' }),
  UNSUPPORTED_MEDIA_TYPE: spec({ status: 415, message: '请求格式不正确：不支持的内容类型', when: 'a body in a format the route does not read (XML, text/plain on a JSON route)' }),
  HEADERS_TOO_LARGE: spec({ status: 431, message: '请求头过大，请清除本网站的Cookie后重试', when: 'request headers over Node’s limit (usually a pile of cookies)' }),
  RATE_LIMITED: spec({ status: 429, message: '请求过于频繁，请稍后再试', when: 'too many requests; Retry-After says when to try again' }),
  INTERNAL: spec({
    status: 500,
    message: (p: { requestId: string }) => `系统繁忙，请稍后再试（请求编号 ${p.requestId}）`,
    example: { requestId: 'req-1a2b' },
    when: 'a fault of ours; the request id finds it in the log',
  }),
  UNAVAILABLE: spec({ status: 503, message: '系统正在维护或重启，请稍后再试', retryAfter: 5, when: 'a 503 of the framework' }),
  DATABASE_UNAVAILABLE: spec({ status: 503, message: '系统暂时无法连接数据库，请稍后再试。已保存的内容不受影响。', retryAfter: 5, when: 'the database is unreachable (refused, reset, shutting down, too many connections)' }),
  SHUTTING_DOWN: spec({ status: 503, message: '系统正在重启，请稍后再试', retryAfter: 5, when: 'a request on an open connection while the instance shuts down' }),

  // — Session, CSRF and roles ———————————————————————————————————————————————————————————
  UNAUTHENTICATED: spec({ status: 401, message: '请先登录', when: 'not logged in, or the session ended' }),
  CSRF_TOKEN_INVALID: spec({ status: 403, message: '页面已过期或请求来源无法验证，请刷新页面后重试', when: 'a state-changing request without the session’s token in x-csrf-token, or with another' }),
  CROSS_ORIGIN_REJECTED: spec({ status: 403, message: '请求来源无法验证，请从本系统页面重新操作', when: 'a state-changing request from another origin, or a cross-site fetch' }),
  STAFF_ONLY: spec({ status: 403, message: '仅限审批工作人员使用', when: 'an applicant (or a staff account without roles) on the staff console' }),
  CASE_ROLE_REQUIRED: spec({ status: 403, message: '管理员岗位不办理审批案件', when: 'a 三员 administrator on case work' }),
  ROLE_REQUIRED: spec({
    status: 403,
    message: (p: { roles: readonly StaffRole[] }) => `此操作仅限${p.roles.map((r) => STAFF_ROLES[r]).join('或')}`,
    example: { roles: ['publisher', 'head'] },
    when: 'the account holds none of the roles the action needs; the message names them',
  }),
  SELF_CHANGE_FORBIDDEN: spec({ status: 403, message: '不能修改本人账号的岗位或状态', when: 'an administrator changing their own account (roles, disabling, 动态口令)' }),
  WRONG_APPLICANT_KIND: spec({
    status: 403,
    message: (p: { reason: string }) => p.reason,
    example: { reason: '“建设工程勘察资质核准”由企业（法人）申报。您当前使用的是自然人账号，请退出后使用单位的法人账号（统一社会信用代码）登录办理。' },
    when: 'a 自然人 starting an enterprise item, the reverse, or a staff account; the item definitions word it',
  }),
  APPLICANT_NOT_ELIGIBLE: spec({
    status: 422,
    message: (p: { reason: string }) => p.reason,
    example: { reason: '北京市注册的企业不能办理外埠企业备案' },
    when: 'the identity may not apply for this item (a 北京 USCC filing as 外埠); fieldErrors names the identity field',
  }),

  // — Applications: drafts, steps, uploads, 提交 ————————————————————————————————————————
  ITEM_NOT_FOUND: spec({ status: 404, message: '该办事事项不存在或已下线', when: 'an item code that is not (or no longer) offered' }),
  APPLICATION_NOT_FOUND: spec({ status: 404, message: '申请不存在或无权查看', when: 'no such application — or someone else’s (never told apart)' }),
  STEP_NOT_FOUND: spec({ status: 404, message: '申报步骤不存在', when: 'a step key the item does not have' }),
  SLOT_NOT_FOUND: spec({ status: 404, message: '附件栏目不存在', when: 'an attachment slot the item does not have' }),
  ATTACHMENT_NOT_FOUND: spec({ status: 404, message: '附件不存在', when: 'nothing uploaded in that slot' }),
  FORM_NOT_FOUND: spec({ status: 404, message: '该附件栏目没有系统生成的表格，请按办事指南自行准备', when: 'a slot the system writes no form for' }),
  DOSSIER_NOT_OFFERED: spec({ status: 404, message: '该附件栏目不提供在线整合材料，请直接上传 PDF 文件', when: 'a slot without the dossier assembler (only 其他附件 of the enterprise items has one)' }),
  DOSSIER_PART_NOT_FOUND: spec({ status: 404, message: '该材料不存在或已删除', when: 'a dossier document id the slot does not hold' }),
  DOSSIER_EMPTY: spec({ status: 409, message: '尚未添加任何材料，无法生成文件', when: 'assembling a dossier with no document in it' }),
  DOSSIER_PERSON_REQUIRED: spec({ status: 400, message: '请填写人员姓名', when: 'a person’s document without the person’s name' }),
  DOSSIER_FILE_TYPE: spec({
    status: 415,
    message: (p: { file: string }) => `${p.file}：只能上传 PDF 文件或 JPG、PNG 格式的扫描图片`,
    example: { file: '身份证' },
    when: 'a dossier document that is neither a PDF nor a JPEG or PNG image, whatever its name',
  }),
  DOSSIER_IMAGE_UNREADABLE: spec({
    status: 422,
    message: (p: { file: string }) => `${p.file}：图片已损坏或尺寸超出范围（每边不超过 10000 像素），请重新扫描`,
    example: { file: '毕业证' },
    when: 'a JPEG or PNG whose header does not parse, or wider or taller than 10 000 pixels',
  }),
  OPEN_APPLICATION_EXISTS: spec({
    status: 409,
    message: (p: { item: string; openApplicationId: string; number?: string }) =>
      `您已有一件“${p.item}”${p.number ? `正在办理的申请（申报编号 ${p.number}）` : '尚未提交的草稿'}，同一事项同时只能办理一件。请继续办理该申请。`,
    example: { item: '建设工程设计资质核准', openApplicationId: '0e3c…', number: 'SJ-2026-000123' },
    details: (p): { openApplicationId: string; number?: string } => ({ openApplicationId: p.openApplicationId, ...(p.number ? { number: p.number } : {}) }),
    when: 'one open application per item and account: a draft (no number) or one being handled; details.openApplicationId names it',
  }),
  APPLICATION_SUBMITTED: spec({ status: 409, message: '申请已提交，不能再修改', when: 'changing a submitted application outside 补正' }),
  PART_NOT_REOPENED: spec({ status: 409, message: '该部分不在补正范围内，不能修改', when: 'during 补正, changing a step, field or slot the staff did not reopen' }),
  PREVIOUS_STEP_UNSAVED: spec({
    status: 409,
    message: (p: { step: string }) => `请先完成并暂存“${p.step}”`,
    example: { step: '申请人信息' },
    when: '暂存 of a step while an earlier one was never saved (also the field message of such a step at 提交)',
  }),
  STEP_INVALID: spec({ status: 400, message: '请完整填写必填项', when: '暂存 of a form step the item definition refuses; fieldErrors names each field (step-relative paths)' }),
  ATTACHMENTS_MISSING: spec({ status: 400, message: '请完整填写必填项', when: '暂存 of the attachments step with required slots empty; fieldErrors names each (`attachments.<slot>`)' }),
  REVIEW_STEP_NOT_SAVABLE: spec({ status: 400, message: '确认提交页无需暂存，请直接提交', when: '暂存 sent for the 确认提交 step' }),
  APPLICATION_INCOMPLETE: spec({
    status: 400,
    message: (p: { first: string }) => `申请信息不完整：${p.first}`,
    example: { first: '请先完成并暂存“申请人信息”' },
    when: '提交 or 补正 resubmission of an application the definitions (or the register) refuse; fieldErrors names every problem',
  }),
  NOT_IN_CORRECTION: spec({ status: 409, message: '该申请当前不需要补正', when: 'resubmitting an application that is not in 补正' }),
  DRAFT_VERSION_CONFLICT: spec({
    status: 409,
    message: '该申请已在其他页面或设备上修改。为避免覆盖较新的内容，本次暂存未保存，请重新加载后再修改。',
    when: '暂存 against a draft changed in another tab or device since the page read it',
  }),
  RENEWAL_NOT_OFFERED: spec({ status: 404, message: '该事项没有延续申请', when: '延续 asked for an item without a renewal type' }),
  RENEWAL_NOT_AVAILABLE: spec({
    status: 409,
    message: (p: { reason?: string }) => p.reason ?? '当前不能申请延续',
    example: { reason: '您未持有可晋升为乙级的较低等级资质' },
    when: 'the register does not offer a 延续 for this certificate now; the register’s offer words why',
  }),
  UPLOAD_FILE_MISSING: spec({ status: 400, message: '没有收到文件，请重新选择文件上传', when: 'an upload request without a file part' }),
  ATTACHMENT_TOO_LARGE: spec({
    status: 413,
    message: (p: { file: string; limit: string; limitBytes: number }) => `${p.file}：文件大小超过上限（${p.limit}），请压缩或拆分后重新上传`,
    example: { file: '营业执照', limit: '20 MB', limitBytes: 20 * 1024 * 1024 },
    details: (p) => ({ limitBytes: p.limitBytes }),
    when: 'an uploaded file over the size limit; the message names the slot or file',
  }),
  ATTACHMENT_NOT_PDF: pdfRefusal(415, 'ATTACHMENT_NOT_PDF', 'the file is not a PDF, whatever its name; the message names the slot or file'),
  ATTACHMENT_EMPTY: pdfRefusal(422, 'ATTACHMENT_EMPTY', 'an empty file'),
  ATTACHMENT_ENCRYPTED: pdfRefusal(422, 'ATTACHMENT_ENCRYPTED', 'a PDF that needs a password to open'),
  ATTACHMENT_UNREADABLE: pdfRefusal(422, 'ATTACHMENT_UNREADABLE', 'a damaged or truncated PDF'),
  ATTACHMENT_INFLATED_TOO_LARGE: pdfRefusal(422, 'ATTACHMENT_INFLATED_TOO_LARGE', 'compressed content beyond the inflate budget (a compression bomb)'),
  ATTACHMENT_NO_PAGES: pdfRefusal(422, 'ATTACHMENT_NO_PAGES', 'a PDF without pages'),
  ATTACHMENT_ACTIVE_CONTENT: spec({
    status: 422,
    message: (p: { file: string; contents: string }) => `${p.file}：${activeContentText(p.contents)}`,
    example: { file: '营业执照', contents: '脚本（JavaScript）' },
    when: 'JavaScript, Launch, XFA, embedded files, SubmitForm/ImportData, RichMedia; the message names what was found',
  }),
  ATTACHMENT_TOO_COMPLEX: spec({
    status: 422,
    message: (p: { file: string; limit?: string }) => `${p.file}：${tooComplexText(p.limit)}`,
    example: { file: '营业执照', limit: '交叉引用条目数超过200000' },
    when: 'a PDF whose structure (objects, tokens, xref entries, nesting) is past the pre-check’s limits; the message names the limit',
  }),
  ATTACHMENT_TIMEOUT: pdfRefusal(422, 'ATTACHMENT_TIMEOUT', 'the inspection ran out of time (a file too complex)'),
  UPLOAD_TOO_MANY: spec({
    status: 429,
    message: (p: { count: number; seconds: number }) => `您已有${p.count}个文件正在检查，请等这些文件检查完成后再上传（约${p.seconds}秒）`,
    example: { count: 2, seconds: 8 },
    retryAfter: (p) => p.seconds,
    when: 'the account already has its share of PDF checks running and waiting; Retry-After says when to try again',
  }),
  UPLOAD_BUSY: spec({
    status: 503,
    message: (p: { seconds: number }) => `系统正在检查其他文件，请稍后再上传（约${p.seconds}秒）`,
    example: { seconds: 12 },
    retryAfter: (p) => p.seconds,
    when: 'the PDF check queue is full, or the file waited out its time budget in it; Retry-After says when to try again',
  }),

  // — 基本信息 ——————————————————————————————————————————————————————————————————————————
  BASIC_INFO_NOT_FOR_STAFF: spec({ status: 403, message: '工作人员账号没有申报基本信息', when: 'a staff account on 完善基本信息' }),
  BASIC_INFO_FIELD_UNKNOWN: spec({
    status: 400,
    message: (p: { key: string }) => `基本信息中没有“${p.key}”一项`,
    example: { key: 'faxNumber' },
    when: 'a 基本信息 save naming a field the form does not have',
  }),
  BASIC_INFO_INVALID: spec({
    status: 400,
    message: (p: { first: string; count: number }) => (p.count === 1 ? p.first : `基本信息有 ${p.count} 处填写有误，请按提示修改`),
    example: { first: '邮政编码应为6位数字', count: 2 },
    when: 'a 基本信息 save the form’s rules refuse; fieldErrors names each field',
  }),

  // — Cases: the staff console and workflow steps ——————————————————————————————————————
  CASE_NOT_FOUND: spec({ status: 404, message: '案件不存在', when: 'no submitted case with this id' }),
  DOCUMENT_NOT_FOUND: spec({ status: 404, message: '文书不存在', when: 'no issued document with this id for the case or certificate' }),
  ACCEPTANCE_NOTICE_MISSING: spec({
    status: 409,
    message: (p: { numbers: string }) => `以下案件尚未出具受理通知书，请取消选择后再打印：${p.numbers}`,
    example: { numbers: 'KC2026000001、KC2026000002' },
    when: '打印受理通知书 of cases of which some have none (not yet accepted, or not accepted)',
  }),
  CASE_SEARCH_TOO_SHORT: spec({
    status: 400,
    message: `请输入至少 ${SEARCH_MIN_CHARS} 个字符的申报编号、名称或统一社会信用代码片段`,
    field: { path: 'q', message: `请输入至少 ${SEARCH_MIN_CHARS} 个字符` },
    when: 'a 全部案件 search fragment of one character',
  }),
  DATE_INVALID: spec({
    status: 400,
    message: '日期格式不正确，应为 YYYY-MM-DD',
    field: { path: (p: { field: 'from' | 'to' }) => p.field, message: '日期格式不正确，应为 YYYY-MM-DD' },
    example: { field: 'to' },
    when: 'a filter date (全部案件, the audit log) that is not a real day',
  }),
  DATE_RANGE_REVERSED: spec({
    status: 400,
    message: '开始日期不能晚于结束日期',
    field: { path: 'from', message: '开始日期不能晚于结束日期' },
    when: 'a date filter (全部案件, the audit log) whose start is after its end',
  }),
  STATISTICS_RANGE_TOO_LONG: spec({
    status: 400,
    message: (p: { maxDays: number }) => `统计期间最长 ${p.maxDays} 天，请缩短期间后再统计`,
    field: { path: 'to', message: (p: { maxDays: number }) => `统计期间最长 ${p.maxDays} 天` },
    example: { maxDays: 366 },
    when: '统计 asked for a period longer than STATISTICS_MAX_DAYS',
  }),
  CASE_VERSION_CONFLICT: spec({
    status: 409,
    message: (_: { version: number }) => '该申请已被其他人处理或已更新，本次操作未执行。请刷新页面查看最新状态。',
    example: { version: 7 },
    details: (p) => ({ version: p.version }),
    when: 'a workflow step on a case that moved since the page read it; details.version is the case’s version now',
  }),
  CASE_HELD_BY_OTHER: spec({
    status: 409,
    message: (p: { holder: string; since: string }) => `该申报已由${p.holder}于${p.since}认领，只有认领人可以办理；如需接手，请联系其转办或由负责人指派。`,
    example: { holder: '张受理', since: '2026-12-07 09:30' },
    when: 'a step, claim or transfer on a case another staff member holds (认领); the message names them',
  }),
  CASE_NOT_HELD_BY_YOU: spec({
    status: 409,
    message: '您未认领该申报，不能释放或转办。请刷新页面查看当前经办人。',
    when: 'release or transfer by someone who does not hold the case (the 负责人 may release any)',
  }),
  CASE_NOT_CLAIMABLE: spec({
    status: 409,
    message: (p: { node: string }) => `「${p.node}」环节不由工作人员办理，不能认领。`,
    example: { node: '公示' },
    when: 'a claim at a node no staff role works',
  }),
  ASSIGNEE_INVALID: spec({
    status: 422,
    message: (p: { role: StaffRole }) => `所选人员不是${STAFF_ROLES[p.role]}岗位的在岗工作人员，请重新选择。`,
    example: { role: 'reviewer' },
    field: { path: 'to', message: (p: { role: StaffRole }) => `请选择${STAFF_ROLES[p.role]}岗位的工作人员` },
    when: '指派 or 转办 to an account that does not hold the node’s role (or is disabled)',
  }),
  ASSIGNEE_IS_SELF: spec({ status: 422, message: '不能转办给自己，请选择其他工作人员。', field: { path: 'to', message: '不能转办给自己' }, when: '转办 to oneself' }),
  TRANSFER_REASON_REQUIRED: spec({ status: 400, message: '请填写转办理由。', field: { path: 'reason', message: '请填写转办理由' }, when: '转办 without a reason' }),
  CASE_SUSPENDED: spec({
    status: 409,
    message: (p: { since: string }) => `该申报自${p.since}起中止审查，恢复审查后才能办理。`,
    example: { since: '2026-12-07 10:00' },
    when: 'a workflow step, or a second 中止, on a suspended case',
  }),
  CASE_NOT_SUSPENDED: spec({ status: 409, message: '该申报未中止审查，无需恢复。请刷新页面查看最新状态。', when: '恢复 of a case that is not suspended' }),
  CASE_NOT_SUSPENDABLE: spec({
    status: 409,
    message: (p: { node: string }) => `「${p.node}」环节不能中止审查：中止审查仅适用于审查、复核环节。`,
    example: { node: '受理' },
    when: '中止 at a node other than 审查 or 复核',
  }),
  SUSPEND_REASON_REQUIRED: spec({
    status: 400,
    message: '请填写中止审查的理由（将告知申请人）。',
    field: { path: 'reason', message: '请填写中止审查的理由' },
    when: '中止 without a reason',
  }),
  TEMPLATE_NOT_FOUND: spec({ status: 404, message: '该常用意见不存在或已被删除，请刷新页面。', when: 'editing or deleting a template that is not there' }),
  TEMPLATE_INCOMPLETE: spec({
    status: 400,
    message: (p: { field: 'title' | 'body' }) => (p.field === 'title' ? '请填写常用意见的名称。' : '请填写常用意见的内容。'),
    example: { field: 'title' },
    field: { path: (p: { field: 'title' | 'body' }) => p.field, message: (p: { field: 'title' | 'body' }) => (p.field === 'title' ? '请填写名称' : '请填写内容') },
    when: 'a template without a title or a body',
  }),
  TEMPLATE_TITLE_TAKEN: spec({
    status: 409,
    message: (p: { role: StaffRole; title: string }) => `${STAFF_ROLES[p.role]}岗位已有名为“${p.title}”的常用意见，请换一个名称。`,
    example: { role: 'acceptor', title: '缺少职称证' },
    field: { path: 'title', message: '同一岗位的常用意见名称不能重复' },
    when: 'a second template of the same title for one role',
  }),
  CASE_ENDED: spec({ status: 409, message: REFUSAL_MESSAGES.CASE_ENDED, example: { end: '准予许可' }, when: 'any step on an ended case' }),
  CASE_NOT_IN_STAGE: spec({ status: 409, message: REFUSAL_MESSAGES.WRONG_NODE, example: { seen: '受理', current: '审查' }, when: 'a step for a node the case has left (a stale page)' }),
  ACTION_NOT_AVAILABLE: spec({ status: 400, message: REFUSAL_MESSAGES.UNKNOWN_ACTION, example: { node: '审查', action: 'approve' }, when: 'an action the case’s current node does not have' }),
  ACTION_ROLE_REQUIRED: spec({
    status: 403,
    message: REFUSAL_MESSAGES.WRONG_ROLE,
    example: { node: '审查', action: '审查通过', roles: ['reviewer'] },
    when: 'an action the account’s roles may not take at this node',
  }),
  OPINION_REQUIRED: spec({ status: 400, message: REFUSAL_MESSAGES.OPINION_REQUIRED, example: { action: '不予受理' }, when: 'an action that needs an opinion, without one' }),
  CORRECTION_ITEMS_REQUIRED: spec({ status: 400, message: REFUSAL_MESSAGES.CORRECTION_ITEMS_REQUIRED, example: {}, when: '补正 requested without naming what to correct' }),
  CORRECTION_ITEM_FOREIGN: spec({
    status: 400,
    message: (p: { item: string }) => `补正内容“${p.item}”不是本案的填报项或附件，请从本案的清单中选择`,
    example: { item: 'applicant.fax' },
    field: { path: 'correctionItems', message: '补正内容须从本案的填报项和附件中选择' },
    when: '补正 naming a part that is not this case’s field or slot',
  }),
  EXPECTED_DAYS_INVALID: spec({
    status: 400,
    message: (p: { action: string }) => `请填写${p.action}预计所需时间（1至${MAX_SPECIAL_PROCEDURE_DAYS}个工作日）`,
    example: { action: '专家评审' },
    field: { path: 'expectedDays', message: `预计所需时间须为1至${MAX_SPECIAL_PROCEDURE_DAYS}个工作日` },
    when: 'a 特别程序 (专家评审) without its expected working days, or outside the bounds',
  }),
  SPECIAL_PROCEDURE_REASON_REQUIRED: spec({
    status: 400,
    message: (p: { action: string }) => `请填写${p.action}的理由，将写入告知申请人的特别程序告知书`,
    example: { action: '专家评审' },
    field: { path: 'opinion', message: '请填写理由' },
    when: 'a 特别程序 without its reason (it goes into the 特别程序告知书)',
  }),
  CORRECTION_PERIOD_RUNNING: spec({
    status: 409,
    message: (p: { due?: string; action: string }) => `补正期限截至${p.due ? chineseDate(p.due) : ''}，尚未届满，不能${p.action}`,
    example: { due: '2026-12-04', action: '视为撤回' },
    when: 'ending a case for a lapsed 补正 before its 补正期限 is over',
  }),
  CORRECTION_PERIOD_OVER: spec({
    status: 409,
    message: (p: { due?: string }) => `补正期限已于${p.due ? chineseDate(p.due) : ''}届满，申请视为撤回，不能再提交补正材料。如需办理，请重新申请`,
    example: { due: '2026-12-04' },
    when: 'resubmitting 补正 after the 补正期限',
  }),
  CASE_ACTION_BATCH_ONLY: spec({
    status: 409,
    message: (p: { node: string; kind: NoticeKindKey }) => `“${p.node}”环节的案件须在${NOTICE_KIND_LABELS[p.kind]}管理中选入批次发布，不能单独操作`,
    example: { node: '拟公示', kind: 'notice' },
    when: 'a 公示 or 公告 action taken on one case instead of through a batch',
  }),

  // — Art.42 延期 ———————————————————————————————————————————————————————————————————————
  EXTENSION_NOT_FOUND: spec({ status: 404, message: '延期申请不存在', when: 'no extension request with this id' }),
  EXTENSION_REASON_TOO_SHORT: spec({
    status: 400,
    message: `请写明延期理由（至少${EXTENSION_REASON_MIN}个字），理由将告知申请人`,
    field: { path: 'reason', message: '请写明延期理由' },
    when: 'an extension request whose reason is too short',
  }),
  EXTENSION_CASE_ENDED: spec({ status: 409, message: '案件已办结，不能申请延期', when: 'an extension asked for an ended case' }),
  EXTENSION_NOT_FOR_FILING: spec({ status: 409, message: '备案事项不适用行政许可法第四十二条的延期', when: 'an extension asked for a filing (备案)' }),
  EXTENSION_WRONG_STAGE: spec({
    status: 409,
    message: (p: { node: string }) => `“${p.node}”环节不能申请延期，延期由审查或复核环节的承办人提出`,
    example: { node: '受理' },
    when: 'an extension asked at a node other than 审查 or 复核',
  }),
  EXTENSION_NOT_HANDLER: spec({
    status: 409,
    message: (p: { node: string }) => `“${p.node}”环节的延期须由该环节的承办人提出`,
    example: { node: '审查' },
    when: 'an extension asked by someone without the node’s role',
  }),
  EXTENSION_ALREADY_GRANTED: spec({ status: 409, message: '本案已延期一次，依法不能再次延期（行政许可法第四十二条）', when: 'a second extension asked for or approved' }),
  EXTENSION_CLOCK_STOPPED: spec({ status: 409, message: '案件尚未受理或办理时限暂停计算，不能申请延期', when: 'an extension asked while the statutory clock is not running' }),
  EXTENSION_TOO_LATE: spec({
    status: 409,
    message: (p: { due: string }) => `法定办理期限已于${chineseDate(p.due)}届满，不能再申请延期`,
    example: { due: '2026-12-04' },
    details: (p) => ({ due: p.due }),
    when: 'an extension asked after the statutory period ended; details.due is its last day',
  }),
  EXTENSION_PENDING: spec({ status: 409, message: '本案已有待负责人审批的延期申请', when: 'an extension asked while another waits for the 负责人' }),
  EXTENSION_OPINION_REQUIRED: spec({
    status: 400,
    message: '不予批准延期时，请填写意见',
    field: { path: 'opinion', message: '请填写意见' },
    when: 'an extension refused without an opinion',
  }),
  EXTENSION_ALREADY_APPROVED: spec({ status: 409, message: '该延期申请已批准，请刷新页面', when: 'deciding an extension already approved' }),
  EXTENSION_ALREADY_REFUSED: spec({ status: 409, message: '该延期申请已不予批准，请刷新页面', when: 'deciding an extension already refused' }),
  EXTENSION_SELF_APPROVAL: spec({ status: 403, message: '不能审批本人提出的延期申请', when: 'the 负责人 deciding their own request' }),
  EXTENSION_NOT_NEEDED: spec({ status: 409, message: '案件已办结，无需延期', when: 'approving an extension of a case that ended meanwhile' }),
  EXTENSION_APPROVAL_CLOCK_STOPPED: spec({ status: 409, message: '办理时限暂停计算中，请在恢复计算后审批', when: 'approving while the statutory clock is stopped' }),
  EXTENSION_APPROVAL_TOO_LATE: spec({
    status: 409,
    message: (p: { due: string }) => `法定办理期限已于${chineseDate(p.due)}届满，不能再批准延期`,
    example: { due: '2026-12-04' },
    details: (p) => ({ due: p.due }),
    when: 'approving after the statutory period ended; details.due is its last day',
  }),

  // — 三员 administration ———————————————————————————————————————————————————————————————
  STAFF_ACCOUNT_NOT_FOUND: spec({ status: 404, message: '工作人员账号不存在', when: 'no staff account with this id' }),
  STAFF_ACCOUNT_INVALID: spec({
    status: 400,
    message: (p: { first: string }) => p.first,
    example: { first: '请输入姓名' },
    when: 'a new staff account the rules refuse (username, name, mobile, password policy); fieldErrors names each field',
  }),
  STAFF_ACCOUNT_TAKEN: spec({ status: 409, message: '用户名或手机号已被其他账号使用', when: 'a new staff account with a username or mobile already in use' }),
  ROLE_SET_INVALID: spec({
    status: 400,
    message: (p: { reason: string }) => p.reason,
    example: { reason: '系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）' },
    field: { path: 'roles', message: (p) => p.reason },
    when: 'roles one account may not hold together (三员分立) or unknown roles',
  }),
  HOLIDAY_OUTSIDE_YEAR: spec({
    status: 400,
    message: (p: { date: string; year: number }) => `日期 ${p.date} 不属于 ${p.year} 年`,
    example: { date: '2027-01-01', year: 2026 },
    when: 'a holiday table entry outside the year it replaces',
  }),
  HOLIDAYS_INVALID: spec({
    status: 400,
    message: (p: { reason: string }) => `节假日数据有误：${p.reason}`,
    example: { reason: 'calendar entry 2026-10-01: name is empty' },
    when: 'a holiday table the calendar cannot take',
  }),
  HOLIDAY_SOURCE_REQUIRED: spec({ status: 400, message: '请填写依据（国务院办公厅通知文号）', when: 'a holiday table without its source' }),

  // — 结果领取 ——————————————————————————————————————————————————————————————————————————
  NO_RESULT_TO_COLLECT: spec({ status: 409, message: '该申请尚无可领取的结果，办结后方可选择领取方式', when: '结果领取 chosen before a certificate was issued' }),
  COLLECTION_INVALID: spec({
    status: 400,
    message: (p: { first: string }) => p.first,
    example: { first: '请填写领取人（收件人）姓名' },
    when: '结果领取 details the rules refuse; fieldErrors names each field',
  }),

  // — The register ——————————————————————————————————————————————————————————————————————
  CERTIFICATE_NOT_FOUND: spec({ status: 404, message: '证书不存在或无权查看', when: 'no certificate of the account’s holder with this id' }),
  CERTIFICATE_NOT_ELECTRONIC: spec({ status: 404, message: '该证书由原系统核发，暂无电子证书文件', when: 'a certificate imported from the earlier system, without a document' }),
  REGISTER_ENTRY_NOT_FOUND: spec({ status: 404, message: '证书不存在', when: 'no register entry with this id (staff)' }),
  CERTIFICATE_ALREADY_VOID: spec({
    status: 409,
    message: (p: { number: string; voidedOn: string }) => `证书${p.number}已于${p.voidedOn}注销`,
    example: { number: 'B111000001', voidedOn: '2026-11-27' },
    details: (p) => ({ number: p.number, voidedOn: p.voidedOn }),
    when: '依职权注销 of a certificate already void',
  }),
  CERTIFICATE_NOT_EXPIRED: spec({
    status: 409,
    message: (p: { number: string }) => `证书${p.number}尚在有效期内或延续申请正在办理，不能依职权注销`,
    example: { number: 'B111000001' },
    details: (p) => ({ number: p.number }),
    when: '依职权注销 of a certificate still valid, or with a 延续 filed in time',
  }),
  REGISTER_CERTIFICATE_EXPIRED: spec({
    status: 409,
    message: (p: { title: string; number: string; validUntil: string; type: string }) => `${p.title}（${p.number}）已于${p.validUntil}到期，不能按“${p.type}”作出决定`,
    example: { title: '工程设计资质证书', number: 'B111000001', validUntil: '2026-06-30', type: '增项' },
    details: (p) => ({ number: p.number, validUntil: p.validUntil }),
    when: 'a 准予 decision the register cannot take because the certificate expired meanwhile',
  }),
  REGISTER_DECISION_REFUSED: spec({
    status: 409,
    message: (p: { reason: string }) => `资质登记簿记载与本申请不符，不能作出决定：${p.reason}`,
    example: { reason: '证书未记载该资质，不能注销' },
    when: 'a 准予 decision the register’s rules refuse (the register changed since the application)',
  }),
  IMPORT_FILE_MISSING: spec({ status: 400, message: '没有收到文件，请选择 .xlsx 或 .csv 文件后重新上传', when: 'an import request without its `file` part' }),
  IMPORT_FILE_TOO_LARGE: spec({
    status: 413,
    message: (p: { limitMb: number }) => `文件超过 ${p.limitMb} MB 上限，请分批导入`,
    example: { limitMb: 5 },
    when: 'an import file over the size limit',
  }),
  IMPORT_FILE_EMPTY: spec({ status: 400, message: (p: { file: string }) => `文件“${p.file}”是空的`, example: { file: '存量资质.csv' }, when: 'an empty import file' }),
  IMPORT_LEGACY_WORKBOOK: spec({
    status: 415,
    message: '不支持 Excel 97-2003 工作簿（.xls）或设置了打开密码的工作簿：请在 Excel 中取消密码，“另存为” .xlsx 或 CSV 后重新上传',
    when: 'an .xls workbook, or any OLE file (a password-protected workbook is one)',
  }),
  IMPORT_XLSX_MISMATCH: spec({
    status: 415,
    message: (p: { file: string }) => `文件“${p.file}”不是有效的 Excel 工作簿：内容与扩展名 .xlsx 不符，可能是改了扩展名的其他文件。${IMPORT_FORMATS}`,
    example: { file: '存量资质.xlsx' },
    when: 'a file named .xlsx that is not a zip',
  }),
  IMPORT_FORMAT_UNSUPPORTED: spec({
    status: 415,
    message: (p: { file: string }) => `不支持文件“${p.file}”的格式。${IMPORT_FORMATS}`,
    example: { file: '存量资质.pdf' },
    when: 'a file neither .xlsx nor .csv',
  }),
  IMPORT_CSV_NOT_TEXT: spec({
    status: 415,
    message: (p: { file: string }) => `文件“${p.file}”不是文本格式的 CSV 文件（或编码无法识别）。请在 Excel 中“另存为” CSV UTF-8（逗号分隔），或直接上传 .xlsx 工作簿`,
    example: { file: '存量资质.csv' },
    when: 'a .csv that is not text in an encoding we read',
  }),
  IMPORT_CSV_MALFORMED: spec({
    status: 400,
    message: (p: { line?: number }) => `CSV 文件格式不正确${p.line ? `（第${p.line}行附近）` : ''}：请检查引号是否成对，或用 Excel 打开后重新保存`,
    example: { line: 12 },
    when: 'a CSV the parser refuses (unbalanced quotes)',
  }),
  IMPORT_XLSX_BROKEN: spec({
    status: 415,
    message: (p: { file: string }) => `文件“${p.file}”不是有效的 Excel 工作簿（压缩结构已损坏）。${IMPORT_FORMATS}`,
    example: { file: '存量资质.xlsx' },
    when: 'an .xlsx whose zip structure is damaged',
  }),
  IMPORT_XLSX_ENCRYPTED: spec({ status: 415, message: (p: { file: string }) => `工作簿“${p.file}”已加密，请取消密码保护后重新上传`, example: { file: '存量资质.xlsx' }, when: 'an .xlsx with encrypted parts' }),
  IMPORT_XLSX_TOO_LARGE: spec({
    status: 400,
    message: (p: { file: string; limitMb: number }) => `工作簿“${p.file}”解压后超过 ${p.limitMb} MB，请删除无关的工作表和格式，或分批导入`,
    example: { file: '存量资质.xlsx', limitMb: 64 },
    when: 'an .xlsx whose XML inflates past the cap (a zip bomb stops here)',
  }),
  IMPORT_XLSX_OUT_OF_GRID: spec({
    status: 415,
    message: (p: { file: string }) => `工作簿“${p.file}”中的单元格地址超出 Excel 的范围，文件可能已损坏`,
    example: { file: '存量资质.xlsx' },
    when: 'a sheet addressing cells outside Excel’s grid',
  }),
  IMPORT_XLSX_UNREADABLE: spec({
    status: 415,
    message: (p: { file: string }) => `无法读取 Excel 工作簿“${p.file}”：文件可能已损坏。请用 Excel 打开后“另存为” .xlsx 再上传`,
    example: { file: '存量资质.xlsx' },
    when: 'an .xlsx the reader cannot read',
  }),
  IMPORT_TOO_MANY_COLUMNS: spec({
    status: 400,
    message: (p: { max: number; last: string }) => `工作表有内容的列超过 ${p.max} 列（到第 ${p.last} 列），请只保留导入模板中的列`,
    example: { max: 100, last: 'CW' },
    when: 'a sheet with more columns holding content than the import takes',
  }),
  IMPORT_TOO_MANY_ROWS: spec({
    status: 400,
    message: (p: { max: number; found?: number }) => `数据行超过上限：一次最多导入 ${p.max} 行${p.found ? `，本文件有 ${p.found} 行` : ''}，请分批导入`,
    example: { max: 20000, found: 20412 },
    details: (p) => ({ max: p.max }),
    when: 'more data rows than one import takes',
  }),
  IMPORT_NO_DATA: spec({ status: 400, message: '文件中没有数据：第一行应为列名（事项、名称、证书编号……），其下每行一本证书', when: 'an import file with no content at all' }),
  IMPORT_NO_ROWS: spec({ status: 400, message: '文件中没有数据行：表头下面每行填写一本证书', when: 'an import file with a header and no rows' }),
  IMPORT_ROWS_INVALID: spec({
    status: 422,
    message: (p: { rows: number; badRows: number }) => `共 ${p.rows} 行，其中 ${p.badRows} 行有问题，未导入任何数据`,
    example: { rows: 120, badRows: 3 },
    details: (p) => ({ rows: p.rows, badRows: p.badRows }),
    when: 'an import with any bad row: nothing imported; the body’s `report` lists the rows and why',
  }),
  IMPORT_REGISTER_CHANGED: spec({
    status: 409,
    message: '导入期间资质登记簿已有变化（证书编号或持有人冲突），未导入任何数据，请重新校验后导入',
    when: 'the register gained the same number or holder between the check and the insert',
  }),

  // — 好差评 ————————————————————————————————————————————————————————————————————————————
  RATING_CASE_OPEN: spec({ status: 409, message: '该申请尚未办结，办结后方可评价', when: 'rating a case that has not ended' }),
  RATING_CASE_WITHDRAWN: spec({ status: 409, message: '已撤回的申请不参与评价', when: 'rating a withdrawn (撤回) case' }),
  RATING_NOT_APPLICABLE: spec({ status: 409, message: '该申请不参与评价', when: 'rating a case whose end takes no rating' }),
  RATING_LEVEL_REQUIRED: spec({ status: 400, message: '请选择评价等级', field: { path: 'level', message: '请选择评价等级' }, when: 'a rating without a known level' }),
  RATING_COMMENT_TOO_LONG: spec({
    status: 400,
    message: `评价意见不能超过 ${RATING_COMMENT_MAX} 个字`,
    field: { path: 'comment', message: `评价意见不能超过 ${RATING_COMMENT_MAX} 个字` },
    when: 'a rating comment over the limit',
  }),
  RATING_ALREADY_GIVEN: spec({ status: 409, message: '该申请已评价，评价提交后不可修改', when: 'a second rating of a case' }),
  RECTIFICATION_NOT_FOUND: spec({ status: 404, message: '整改任务不存在', when: 'no 整改 with this id' }),
  RECTIFICATION_CLOSED: spec({ status: 409, message: '该整改已办结，整改和回访记录不可修改', when: 'closing a 整改 already closed' }),
  RECTIFICATION_INVALID: spec({
    status: 400,
    message: (p: { first: string }) => p.first,
    example: { first: '请填写整改措施' },
    when: '整改措施 and 回访 the rules refuse; fieldErrors names each field',
  }),

  // — 公示, 公告 and 陈述 ——————————————————————————————————————————————————————————————————
  BATCH_NOT_FOUND: spec({ status: 404, message: '批次不存在', when: 'no batch with this id' }),
  BATCH_SELECTION_EMPTY: spec({
    status: 400,
    message: (p: { kind: NoticeKindKey }) => `请选择要${NOTICE_KIND_LABELS[p.kind]}的案件`,
    example: { kind: 'notice' },
    when: 'a batch previewed or published without cases (or with ids that are not ids)',
  }),
  BATCH_CASE_NOT_WAITING: spec({
    status: 409,
    message: (p: { number: string; kind: NoticeKindKey; applicationId: string }) => `申报编号${p.number}已不在“待${NOTICE_KIND_LABELS[p.kind]}”环节，请刷新后重新选择`,
    example: { number: 'SJ-2026-000123', kind: 'notice', applicationId: '0e3c…' },
    details: (p) => ({ applicationId: p.applicationId, number: p.number }),
    when: 'a case chosen for a batch that has left 待公示/待公告 (published meanwhile, in this or another batch)',
  }),
  NOTICE_PERIOD_OUT_OF_RANGE: spec({
    status: 400,
    message: NOTICE_PERIOD_RANGE_MESSAGE,
    field: { path: 'periodDays', message: NOTICE_PERIOD_RANGE_MESSAGE },
    when: 'a 公示 period outside its bounds',
  }),
  STATEMENT_NOT_FOUND: spec({ status: 404, message: '陈述不存在', when: 'no 陈述 with this id' }),
  STATEMENT_FILE_NOT_FOUND: spec({ status: 404, message: '文件不存在', when: 'no such file of the 陈述 — or someone else’s' }),
  STATEMENT_TOO_MANY_FILES: spec({ status: 400, message: `陈述材料最多上传${MAX_STATEMENT_FILES}个文件`, when: 'a 陈述 with more files than it takes' }),
  STATEMENT_TEXT_REQUIRED: spec({ status: 400, message: '请填写陈述内容', field: { path: 'text', message: '请填写陈述内容' }, when: 'a 陈述 without text' }),
  STATEMENT_TEXT_TOO_LONG: spec({
    status: 400,
    message: `陈述内容不能超过${STATEMENT_TEXT_MAX}字`,
    field: { path: 'text', message: `陈述内容不能超过${STATEMENT_TEXT_MAX}字` },
    when: 'a 陈述 text over the limit',
  }),
  STATEMENT_NOT_IN_NOTICE: spec({ status: 409, message: '该申请当前不在公示期，不能提交陈述', when: 'a 陈述 for a case that is not in 公示' }),
  STATEMENT_PERIOD_CLOSED: spec({
    status: 409,
    message: (p: { endsOn: string }) => `公示期已于${chineseDate(p.endsOn)}结束，不再受理陈述`,
    example: { endsOn: '2026-12-04' },
    details: (p) => ({ endsOn: p.endsOn }),
    when: 'a 陈述 after the 公示 period’s last day; details.endsOn is that day',
  }),
  STATEMENT_ALREADY_ANSWERED: spec({ status: 409, message: '该陈述已答复', when: 'replying to a 陈述 already answered' }),
  STATEMENT_REPLY_REQUIRED: spec({ status: 400, message: '请填写答复意见', field: { path: 'reply', message: '请填写答复意见' }, when: 'a reply without text' }),

  // — The bundled identity provider’s pages (answered as HTML) ——————————————————————————
  IDP_FORM_EXPIRED: spec({ status: 403, message: '页面已过期，请返回重新打开登录页面', when: 'a login or registration form without its double-submit token, or from another origin' }),
  IDP_INTERACTION_EXPIRED: spec({ status: 404, message: '登录请求已过期，请返回网上申报系统重新登录', when: 'a login page whose OpenID interaction ended' }),
  IDP_REGISTRATION_CLOSED: spec({ status: 404, message: '企业和个人请通过北京市统一身份认证注册，本页面仅供审批工作人员登录', when: 'registration at the staff issuer, which has none' }),
  IDP_REGISTER_KIND_UNKNOWN: spec({ status: 404, message: '注册类型不存在，请选择法人注册或自然人注册', when: 'a registration kind other than 法人 or 自然人' }),
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** Every code, for schemas (z.enum) and tests. */
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/** The parameters a code's message takes (void: none). */
export type ErrorParams<C extends ErrorCode> = (typeof ERRORS)[C] extends ErrorSpec<infer P, ErrorDetailValues | undefined> ? P : never;

/** The details a code carries (undefined: none). */
export type ErrorDetails<C extends ErrorCode> = (typeof ERRORS)[C] extends ErrorSpec<ErrorParams<C>, infer D> ? D : never;

/** Codes whose message takes no parameters. */
export type PlainErrorCode = { [C in ErrorCode]: [ErrorParams<C>] extends [void] ? C : never }[ErrorCode];

/** Arguments after the code: its parameters, required exactly when it has some. */
export type ErrorArgs<C extends ErrorCode, Extra = never> = [ErrorParams<C>] extends [void] ? [params?: undefined, extra?: Extra] : [params: ErrorParams<C>, extra?: Extra];

/** A code's status, message, details, field error and Retry-After, for these parameters. */
export interface ResolvedError {
  status: HttpStatus;
  message: string;
  details?: ErrorDetailValues;
  fieldErrors?: readonly FieldError[];
  retryAfterSeconds?: number;
}

const text = <P>(t: Text<P>, p: P): string => (typeof t === 'function' ? t(p) : t);

export function resolveError<C extends ErrorCode>(code: C, params: ErrorParams<C>): ResolvedError {
  const s = ERRORS[code] as unknown as ErrorSpec<ErrorParams<C>, ErrorDetailValues | undefined>;
  const details = s.details?.(params);
  const retry = typeof s.retryAfter === 'function' ? s.retryAfter(params) : s.retryAfter;
  return {
    status: s.status,
    message: text(s.message, params),
    ...(details ? { details } : {}),
    ...(s.field ? { fieldErrors: [{ path: text(s.field.path, params), message: text(s.field.message, params) }] } : {}),
    ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
  };
}

/** A code's message for these parameters (the browser words its own checks with it too). */
export function errorMessage<C extends ErrorCode>(code: C, ...[params]: ErrorArgs<C>): string {
  return resolveError(code, params as ErrorParams<C>).message;
}

/** Codes the browser's client gives failures with no error body of ours: no connection, or an answer from something else (a proxy's page). */
export const CLIENT_ERROR_CODES = ['NETWORK', 'UNEXPECTED_ANSWER'] as const;
export type ApiErrorCode = ErrorCode | (typeof CLIENT_ERROR_CODES)[number];

/** The details the browser reads for a code: the table's, or none. */
export type ApiErrorDetails<C extends ApiErrorCode> = C extends ErrorCode ? (ErrorDetails<C> extends ErrorDetailValues ? ErrorDetails<C> : Record<string, never>) : Record<string, never>;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERRORS, code);
