import { Button, Card, Cascader, DatePicker, Form, Input, Radio, Select, Space, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import {
  isFieldRequired,
  isFieldVisible,
  optionsOf,
  placeholderOf,
  validateFieldValue,
  type FieldDefinition,
  type StepValues,
} from '../../../domain/forms/index.ts';
import { qualificationPath, qualificationTree, type QualificationTreeNode } from '../../../domain/qualifications/index.ts';
import { regionCodePath, regionTree } from '../../../domain/regions/index.ts';
import type { TypeOffer } from '../../../domain/register/index.ts';

type NamePath = (string | number)[];

interface FieldProps {
  field: FieldDefinition;
  /** Sibling values (the step's, or the group row's) for conditions and cross-field rules. */
  siblings: StepValues;
  form: FormInstance;
  locked: boolean;
  /** Form.Item name; inside a group row it is relative to the list: [index, name]. */
  name: NamePath;
  /** Absolute path of the group row holding this field, for reading its sibling values. */
  rowPath?: NamePath;
  /** During 补正: a field not listed for correction is shown but cannot change. */
  frozen?: boolean;
  /** Who supplied a locked value: the identity service or the qualification register. */
  lockedBy?: 'identity' | 'register';
  /** Shown under the field after its hint (申请内容: the way to 我该选哪个申请内容). */
  help?: ReactNode;
  /** 申请内容 radio: each type's offer (closed types are shown disabled with the reason). */
  typeOffers?: Record<string, TypeOffer>;
  /** 资质类别及等级: the codes the chosen type may name (the register's offer). */
  qualificationChoices?: readonly string[];
}

const FULL_WIDTH = { width: '100%' } as const;

type PickerNode = QualificationTreeNode & { 'aria-disabled'?: boolean; title?: string; children?: PickerNode[] };

/** The tree with greyed options announced as such (aria-disabled reaches the menu item) and their reason as a tooltip. */
export function pickerOptions(tree: readonly QualificationTreeNode[]): PickerNode[] {
  return tree.map((n) => ({
    ...n,
    ...(n.disabled ? { 'aria-disabled': true, title: n.hint ? `${n.label}（${n.hint}）` : n.label } : {}),
    ...(n.children ? { children: pickerOptions(n.children) } : {}),
  }));
}

/** A menu item: the name in full (wrapping, never cut before the grade), a greyed one with its reason. */
function pickerOption(option: PickerNode) {
  return (
    <span className="picker-option">
      {option.label}
      {option.disabled && option.hint ? <span className="picker-option-reason">{option.hint}</span> : null}
    </span>
  );
}

/** A search result: the qualification first and whole, its category and industry below. */
function pickerSearchResult(_input: string, path: PickerNode[]) {
  const leaf = path.at(-1)!;
  return (
    <span className="picker-result">
      <span className="picker-result-name">{leaf.label}</span>
      <span className="picker-result-path">{path.slice(0, -1).map((n) => n.label).join(' · ')}</span>
    </span>
  );
}

/** One field of a definition as an antd Form.Item: label, required mark, rule from the shared validator. */
export function FieldItem({ field, siblings, form, locked, name, rowPath, frozen = false, lockedBy = 'identity', typeOffers, qualificationChoices, help }: FieldProps) {
  if (!isFieldVisible(field, siblings)) return null;
  if (field.kind === 'group') return <GroupField field={field} form={form} name={name} />;
  const required = isFieldRequired(field, siblings);
  const rule = {
    validator: async (_: unknown, value: unknown) => {
      const current = rowPath ? (form.getFieldValue(rowPath) ?? {}) : form.getFieldsValue();
      const problems = validateFieldValue(field, value, current, qualificationChoices ? { allowedQualifications: qualificationChoices } : {});
      if (problems.length > 0) throw new Error(problems[0]!.message);
    },
  };
  const conversion = valueConversion(field);
  return (
    <Form.Item
      name={name}
      label={field.label}
      required={required}
      rules={[rule]}
      validateTrigger="onBlur"
      preserve={false}
      extra={
        help ? (
          <>
            {field.hint ? <div>{field.hint}</div> : null}
            {help}
          </>
        ) : locked ? (
          lockedBy === 'register' ? '由资质登记簿带出，不可修改' : '由统一身份认证带出，不可修改'
        ) : (
          field.hint
        )
      }
      {...conversion}
    >
      {control(field, locked, frozen, { typeOffers, qualificationChoices })}
    </Form.Item>
  );
}

function valueConversion(field: FieldDefinition) {
  switch (field.kind) {
    case 'date':
      return {
        getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined }),
        normalize: (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : ''),
      };
    case 'region':
      return {
        getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? regionCodePath(v) : undefined }),
        normalize: (path: string[] | undefined) => path?.at(-1) ?? '',
      };
    case 'qualifications':
      return {
        getValueProps: (v: unknown) => ({
          value: Array.isArray(v) ? v.map((code: string) => qualificationPath(code) ?? [code]) : [],
        }),
        normalize: (paths: string[][] | undefined) => (paths ?? []).map((p) => p.at(-1)!),
      };
    default:
      return {};
  }
}

/** The input for a field; `disabled` during 补正 for a field not listed for correction. */
function control(field: FieldDefinition, locked: boolean, disabled: boolean, register: { typeOffers?: Record<string, TypeOffer>; qualificationChoices?: readonly string[] } = {}): ReactNode {
  const placeholder = placeholderOf(field);
  switch (field.kind) {
    case 'textarea':
      return <Input.TextArea placeholder={placeholder} maxLength={field.maxLength} showCount={Boolean(field.maxLength)} rows={4} disabled={disabled} />;
    case 'select':
      return (
        <Select
          placeholder={placeholder}
          disabled={locked || disabled}
          options={optionsOf(field).map((o) => ({ value: o.value, label: o.label, disabled: o.disabled, title: o.hint }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      );
    case 'radio':
      return (
        <Radio.Group className="radio-list" disabled={disabled}>
          {optionsOf(field).map((o) => {
            const closed = register.typeOffers?.[o.value]?.available === false ? register.typeOffers[o.value]!.reason : undefined;
            return (
              <Radio key={o.value} value={o.value} disabled={o.disabled || Boolean(closed)}>
                {o.label}
                {closed ? <span className="option-reason">（{closed}）</span> : null}
              </Radio>
            );
          })}
        </Radio.Group>
      );
    case 'date':
      return <DatePicker placeholder={placeholder} format="YYYY-MM-DD" style={FULL_WIDTH} disabled={disabled || locked} />;
    case 'region':
      return <Cascader placeholder={placeholder} options={regionTree()} showSearch style={FULL_WIDTH} disabled={disabled} />;
    case 'qualifications':
      return (
        <Cascader<PickerNode>
          multiple
          placeholder={placeholder}
          options={field.catalogue ? pickerOptions(qualificationTree(field.catalogue, register.qualificationChoices ? { only: register.qualificationChoices } : {})) : []}
          showCheckedStrategy={Cascader.SHOW_CHILD}
          showSearch={{ render: pickerSearchResult }}
          optionRender={pickerOption}
          classNames={{ popup: { root: 'qualification-popup' } }}
          maxTagCount="responsive"
          style={FULL_WIDTH}
          disabled={disabled || locked}
        />
      );
    default:
      return (
        <Input
          placeholder={placeholder}
          readOnly={locked}
          disabled={disabled}
          variant={locked ? 'filled' : 'outlined'}
          maxLength={field.maxLength}
          autoComplete="off"
        />
      );
  }
}

/** A repeatable group (e.g. 资质证书): one card per row, 添加 / 删除. */
function GroupField({ field, form, name }: { field: FieldDefinition; form: FormInstance; name: NamePath }) {
  const rows = Form.useWatch(name, form) as StepValues[] | undefined;
  const max = field.maxItems ?? 20;
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, value: unknown[] | undefined) => {
            if ((field.minItems ?? 0) > 0 && (!value || value.length === 0)) throw new Error(placeholderOf(field));
          },
        },
      ]}
    >
      {(items, { add, remove }, { errors }) => (
        <Form.Item label={field.label} required={field.required}>
          <Space direction="vertical" style={FULL_WIDTH}>
            {items.map((item, index) => (
              <Card
                key={item.key}
                size="small"
                title={`${field.label} ${index + 1}`}
                extra={
                  items.length > (field.minItems ?? 0) ? (
                    <Button type="link" danger onClick={() => remove(item.name)} aria-label={`删除${field.label} ${index + 1}`}>
                      删除
                    </Button>
                  ) : null
                }
              >
                {(field.fields ?? []).map((sub) => (
                  <FieldItem
                    key={sub.name}
                    field={sub}
                    form={form}
                    locked={false}
                    siblings={rows?.[index] ?? {}}
                    name={[item.name, sub.name]}
                    rowPath={[...name, item.name]}
                  />
                ))}
              </Card>
            ))}
            {items.length < max ? (
              <Button type="dashed" onClick={() => add({})} block>
                添加{field.label}
              </Button>
            ) : null}
            <Form.ErrorList errors={errors} />
          </Space>
        </Form.Item>
      )}
    </Form.List>
  );
}
