import { Alert, Button, Popconfirm, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ApiError, apiErrorOf, csrfHeader, jsonOf } from '../../api/client.ts';
import { PageFrame } from '../../app/Layout.tsx';
import type { ImportProblem, ImportReport } from '../../../domain/register/import-report.ts';



const TEMPLATE_URL = '/api/admin/register/import-template.csv';

/** Upload the file; a 422 (bad rows, nothing imported) carries the report like a dry run does. */
async function sendFile(file: File, dryRun: boolean): Promise<ImportReport> {
  const body = new FormData();
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/admin/register/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body, headers: csrfHeader(), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接中断，文件未上传，请重试');
  }
  const data = (await jsonOf(res)) as { report?: ImportReport } | undefined;
  if (res.ok) return data as ImportReport;
  const error = apiErrorOf(res, data, '上传失败，请重试');
  // Bad rows: nothing imported, and the answer carries the report a dry run gives.
  if (error.code === 'IMPORT_ROWS_INVALID' && data?.report) return data.report;
  throw error;
}

const COLUMNS: [string, string][] = [
  ['事项', '勘察、设计或注册（也可填事项全称）'],
  ['名称', '企业名称或注册人员姓名'],
  ['统一社会信用代码', '企业必填，按校验位核对'],
  ['证件类型 / 证件号码', '注册人员必填；证件类型默认居民身份证，按校验位核对'],
  ['证书编号', '必填，文件内及与登记簿均不得重复'],
  ['有效期起 / 有效期至', '必填，如 2026-01-05、2026/1/5、2026年1月5日，或 Excel 日期'],
  ['资质', '企业必填：资质代码（如 B201B）或资质名称，多项以分号、逗号、顿号或换行分隔'],
  ['注册单位', '注册人员必填'],
  ['法定代表人 / 注册地址', '企业选填'],
];

/** 导入存量资质: the go-live import of the old system's holdings into the register (系统管理员). */
export function RegisterImportPage() {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const file = files[0]?.originFileObj;
  const [busy, setBusy] = useState<'check' | 'import'>();
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();

  const run = async (dryRun: boolean) => {
    if (!file) return setError('请先选择要导入的 .xlsx 或 .csv 文件');
    setBusy(dryRun ? 'check' : 'import');
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await sendFile(file, dryRun));
    } catch (e) {
      setError(e instanceof Error ? e.message : '上传失败，请重试');
    } finally {
      setBusy(undefined);
    }
  };

  const summary = (r: ImportReport) => r.items.map((i) => `${i.title} ${i.count} 本`).join('，');

  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '导入存量资质' }]} title="导入存量资质">
      <div className="panel">
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title="将原系统中的资质证书和注册证书导入资质登记簿：每行一本证书，第一行为列名（列的顺序不限）。文件中任一行有问题时不导入任何数据；可先“校验”，核对无误后再“导入”。"
        />
        <Typography.Paragraph>
          <a href={TEMPLATE_URL} download style={{ textDecoration: 'underline' }}>
            下载导入模板（CSV）
          </a>
          ：模板中的示例行导入前请删除。Excel 文件（.xlsx）读取第一个有列名的工作表；CSV 可为 UTF-8 或 GBK 编码。单个文件不超过 5 MB、20000 行。
        </Typography.Paragraph>
        <Table
          size="small"
          style={{ marginBottom: 16, maxWidth: 820 }}
          pagination={false}
          rowKey={(r) => r[0]}
          dataSource={COLUMNS}
          columns={[
            { title: '列名', render: (_, r) => r[0], width: 200 },
            { title: '填写要求', render: (_, r) => r[1] },
          ]}
        />
        <Space wrap style={{ marginBottom: 16 }}>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList.slice(-1));
              setReport(undefined);
              setError(undefined);
            }}
          >
            <Button>选择文件</Button>
          </Upload>
          <Button onClick={() => void run(true)} loading={busy === 'check'} disabled={!file || busy !== undefined}>
            校验（仅校验，不导入）
          </Button>
          <Popconfirm
            title="确认导入？"
            description="全部行无误才会导入；导入后证书即进入资质登记簿。"
            okText="导入"
            cancelText="取消"
            onConfirm={() => void run(false)}
            disabled={!file || busy !== undefined}
          >
            <Button type="primary" loading={busy === 'import'} disabled={!file || busy !== undefined}>
              导入
            </Button>
          </Popconfirm>
        </Space>
        {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
        {report ? <ReportView report={report} summary={summary(report)} /> : null}
      </div>
    </PageFrame>
  );
}

function ReportView({ report, summary }: { report: ImportReport; summary: string }) {
  if (report.problemCount === 0) {
    return report.dryRun ? (
      <Alert type="success" title={`校验通过：“${report.fileName}”共 ${report.rows} 行，均可导入（${summary}）。尚未导入，请点击“导入”。`} />
    ) : (
      <Alert type="success" title={`导入成功：已将 ${report.imported} 本证书导入资质登记簿（${summary}）。`} />
    );
  }
  const listed = report.problems.length < report.problemCount ? `（仅列出前 ${report.problems.length} 个问题）` : '';
  return (
    <>
      <Alert
        type="error"
        style={{ marginBottom: 12 }}
        title={`“${report.fileName}”共 ${report.rows} 行，其中 ${report.badRows} 行有 ${report.problemCount} 个问题${report.dryRun ? '' : '，未导入任何数据'}。请修改后重新${report.dryRun ? '校验' : '导入'}${listed}。`}
      />
      <Table<ImportProblem & { key: number }>
        size="small"
        aria-label="问题清单"
        dataSource={report.problems.map((p, key) => ({ ...p, key }))}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 80 },
          { title: '列', key: 'column', width: 200, render: (_, p) => (p.column ? `${p.column}（${p.header ?? ''}）` : (p.header ?? '—')) },
          { title: '问题', dataIndex: 'message' },
        ]}
      />
    </>
  );
}
