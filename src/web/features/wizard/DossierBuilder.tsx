import { App, AutoComplete, Button, Input, Radio, Space, Spin } from 'antd';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { DOSSIER_GROUPS, PERSON_DOCUMENTS, type DossierGroup } from '../../../domain/dossier/index.ts';
import { applicationsApi, type ApplicationView, type DossierView } from '../../api/applications.ts';

/** A hidden file input for a PDF or a JPG/PNG scan, opened by a button (`ref.current.click()`). */
function FilePicker({ ref, label, onPick }: { ref: RefObject<HTMLInputElement | null>; label: string; onPick(file: File): Promise<void> }) {
  return (
    <input
      ref={ref}
      type="file"
      accept="application/pdf,.pdf,image/jpeg,.jpg,.jpeg,image/png,.png"
      className="visually-hidden"
      aria-label={label}
      tabIndex={-1}
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) void onPick(file);
      }}
    />
  );
}

/**
 * 在线整合材料 (issue 20, point 2): the applicant adds each person's papers (PDF, or a JPG/PNG scan)
 * in the manual's order — 技术负责人, 注册人员, 非注册人员 — and the enterprise's own; the server keeps
 * them and assembles the slot's one PDF with a 目录 and bookmarks. One scan can be replaced and the
 * PDF assembled again.
 */
export function DossierBuilder({ application, slot, slotTitle, onChanged }: { application: ApplicationView; slot: string; slotTitle: string; onChanged(a: ApplicationView): void }) {
  const { message } = App.useApp();
  const [dossier, setDossier] = useState<DossierView>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [group, setGroup] = useState<DossierGroup>('lead');
  const [person, setPerson] = useState('');
  const [title, setTitle] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const replaceInput = useRef<HTMLInputElement>(null);
  const replacing = useRef<{ id: string; title: string }>(undefined);
  const base = `dossier-${slot}`;

  useEffect(() => {
    let live = true;
    applicationsApi.dossier(application.id, slot).then(
      (d) => live && setDossier(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : '材料列表加载失败'),
    );
    return () => {
      live = false;
    };
  }, [application.id, slot]);

  const act = async (label: string, work: () => Promise<DossierView>) => {
    setBusy(label);
    setError(undefined);
    try {
      setDossier(await work());
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : `${label}失败，请重试`);
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const choose = () => {
    if (group !== 'enterprise' && !person.trim()) return setError('请填写人员姓名');
    if (!title.trim()) return setError('请填写材料名称，如“身份证”');
    input.current?.click();
  };

  const add = async (file: File) => {
    const ok = await act('添加材料', () => applicationsApi.addDossierPart(application.id, slot, { group, person: group === 'enterprise' ? '' : person.trim(), title: title.trim() }, file));
    if (input.current) input.current.value = '';
    if (ok) {
      void message.success(`已添加“${title.trim()}”`);
      setTitle('');
    }
  };

  const replace = async (file: File) => {
    const part = replacing.current;
    if (!part) return;
    const ok = await act('替换材料', () => applicationsApi.replaceDossierPart(application.id, slot, part.id, file));
    if (replaceInput.current) replaceInput.current.value = '';
    if (ok) void message.success(`已替换“${part.title}”`);
  };

  const assemble = async () => {
    setBusy('生成');
    setError(undefined);
    try {
      const next = await applicationsApi.assembleDossier(application.id, slot);
      const file = next.attachments.find((a) => a.slot === slot);
      onChanged(next);
      void message.success(`已生成${slotTitle}（含目录和书签），共 ${file?.pages ?? 0} 页`);
    } catch (e) {
      setError(e instanceof Error ? e.message : '生成失败，请重试');
    } finally {
      setBusy(undefined);
    }
  };

  const sections = dossier?.sections ?? [];
  const count = sections.reduce((n, s) => n + s.parts.length, 0);
  return (
    <details className="dossier" open={count > 0 ? true : undefined}>
      <summary>在线整合材料：按人员逐项添加身份证、毕业证、职称证等，由系统生成目录和书签，合并为一个 PDF 文件</summary>
      <Spin spinning={busy !== undefined} description={busy === '生成' ? '正在合并材料并生成目录…' : '正在处理…'}>
        <p className="muted">顺序按办事指南：技术负责人、注册人员、非注册人员，每人的材料在一起；最后是企业材料。可上传 PDF 或 JPG、PNG 格式的扫描图片。</p>
        <Space wrap align="end" className="dossier-add">
          <div role="group" aria-labelledby={`${base}-group`}>
            <span className="dossier-label" id={`${base}-group`}>
              人员类别
            </span>
            <Radio.Group optionType="button" value={group} onChange={(e) => setGroup(e.target.value as DossierGroup)} options={DOSSIER_GROUPS.map((g) => ({ value: g.key, label: g.label }))} />
          </div>
          {group !== 'enterprise' ? (
            <label>
              <span className="dossier-label">姓名</span>
              <Input id={`${base}-person`} value={person} onChange={(e) => setPerson(e.target.value)} maxLength={50} style={{ width: 120 }} aria-label="姓名" />
            </label>
          ) : null}
          <label>
            <span className="dossier-label">材料名称</span>
            <AutoComplete
              id={`${base}-title`}
              value={title}
              onChange={setTitle}
              options={(group === 'enterprise' ? ['企业法人营业执照', '企业章程', '原资质证书正、副本', '技术负责人任职文件'] : [...PERSON_DOCUMENTS]).map((d) => ({ value: d }))}
              style={{ width: 240 }}
              aria-label="材料名称"
            />
          </label>
          <Button onClick={choose}>选择文件并添加</Button>
        </Space>
        <FilePicker ref={input} label={`选择要添加到${slotTitle}的文件`} onPick={add} />
        <FilePicker ref={replaceInput} label="选择替换用的文件" onPick={replace} />
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
        {sections.length > 0 ? (
          <ol className="dossier-sections">
            {sections.map((s, si) => {
              const peers = sections.filter((x) => x.group === s.group);
              const at = peers.indexOf(s);
              return (
                <li key={`${s.group}-${s.person}`} aria-label={s.title}>
                  <div className="dossier-person">
                    <strong>{s.title}</strong>
                    {s.group !== 'enterprise' ? (
                      <Space size={4}>
                        <Button size="small" disabled={at === 0} onClick={() => void act('调整顺序', () => applicationsApi.moveDossier(application.id, slot, { group: s.group, person: s.person, direction: 'up' }))} aria-label={`上移${s.title}`}>
                          上移
                        </Button>
                        <Button
                          size="small"
                          disabled={at === peers.length - 1}
                          onClick={() => void act('调整顺序', () => applicationsApi.moveDossier(application.id, slot, { group: s.group, person: s.person, direction: 'down' }))}
                          aria-label={`下移${s.title}`}
                        >
                          下移
                        </Button>
                      </Space>
                    ) : null}
                  </div>
                  <ol className="dossier-parts" start={sections.slice(0, si).reduce((n, x) => n + x.parts.length, 0) + 1}>
                    {s.parts.map((p, pi) => (
                      <li key={p.id}>
                        <span>
                          {p.title}
                          <span className="muted">
                            （{p.originalName}，{p.pages} 页）
                          </span>
                        </span>
                        <Space size={4}>
                          <Button size="small" disabled={pi === 0} onClick={() => void act('调整顺序', () => applicationsApi.moveDossier(application.id, slot, { part: p.id, direction: 'up' }))} aria-label={`上移${s.title}的${p.title}`}>
                            上移
                          </Button>
                          <Button
                            size="small"
                            disabled={pi === s.parts.length - 1}
                            onClick={() => void act('调整顺序', () => applicationsApi.moveDossier(application.id, slot, { part: p.id, direction: 'down' }))}
                            aria-label={`下移${s.title}的${p.title}`}
                          >
                            下移
                          </Button>
                          <Button
                            size="small"
                            onClick={() => {
                              replacing.current = { id: p.id, title: p.title };
                              replaceInput.current?.click();
                            }}
                            aria-label={`替换${s.title}的${p.title}`}
                          >
                            替换
                          </Button>
                          <Button size="small" danger onClick={() => void act('删除材料', () => applicationsApi.removeDossierPart(application.id, slot, p.id))} aria-label={`删除${s.title}的${p.title}`}>
                            删除
                          </Button>
                        </Space>
                      </li>
                    ))}
                  </ol>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="muted">尚未添加材料。</p>
        )}
        <Button type="primary" onClick={() => void assemble()} disabled={count === 0}>
          生成{slotTitle}（含目录和书签）
        </Button>
        <span className="muted"> 生成后将替换本栏已上传的文件；替换或调整材料后请重新生成。</span>
      </Spin>
    </details>
  );
}
