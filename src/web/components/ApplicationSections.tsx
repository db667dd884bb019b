import { Button, Descriptions } from 'antd';
import type { ReactNode } from 'react';
import { isFieldVisible } from '../../domain/forms/index.ts';
import type { ItemDefinition } from '../../domain/items/index.ts';
import { displayValue } from './display.tsx';

interface Props {
  item: ItemDefinition;
  data: Record<string, Record<string, unknown>>;
  attachments: readonly { slot: string; originalName: string; pages: number }[];
  attachmentUrl(slot: string): string;
  /** Open a file in a viewer inside the page (the staff case page); the link still opens a tab. */
  view?(slot: string, title: string): void;
  /** Something beside each section's title, e.g. a 修改 link. */
  extra?(stepKey: string, title: string): ReactNode;
  className?: string;
}

/** Everything an application holds, one section per wizard step: fields as read, files as links. */
export function ApplicationSections({ item, data, attachments, attachmentUrl, view, extra, className }: Props) {
  return (
    <>
      {item.steps.map((step) => {
        if (step.kind === 'review') return null;
        const values = data[step.key] ?? {};
        const items =
          step.kind === 'form'
            ? step.fields.filter((f) => isFieldVisible(f, values)).map((f) => ({ key: f.name, label: f.label, children: displayValue(f, values[f.name]) }))
            : step.slots.map((slot) => {
                const file = attachments.find((a) => a.slot === slot.key);
                return {
                  key: slot.key,
                  label: slot.title,
                  children: file ? (
                    <>
                      <a href={attachmentUrl(slot.key)} target="_blank" rel="noopener noreferrer">
                        {file.originalName}（{file.pages} 页）
                      </a>
                      {view ? (
                        <Button size="small" type="link" onClick={() => view(slot.key, slot.title)} aria-label={`在页面中查看${slot.title}`}>
                          在页面中查看
                        </Button>
                      ) : null}
                    </>
                  ) : (
                    <span className="field-error">未上传</span>
                  ),
                };
              });
        return (
          <Descriptions
            key={step.key}
            className={`application-section${className ? ` ${className}` : ''}`}
            title={step.title}
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 20 }}
            extra={extra?.(step.key, step.title)}
            items={items}
          />
        );
      })}
    </>
  );
}
