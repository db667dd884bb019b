import type { ReactNode } from 'react';
import { fieldText } from '../../domain/forms/generated.ts';
import { isFieldVisible, type FieldDefinition, type StepValues } from '../../domain/forms/index.ts';
import { findQualification } from '../../domain/qualifications/index.ts';

/** A stored value as the applicant reads it: option labels, region and qualification names. */
export function displayValue(field: FieldDefinition, value: unknown): ReactNode {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  switch (field.kind) {
    case 'qualifications':
      return (
        <ul className="plain-list">
          {(value as string[]).map((code) => (
            <li key={code}>{findQualification(code)?.name ?? code}</li>
          ))}
        </ul>
      );
    case 'group':
      return (
        <ol className="plain-list">
          {(value as StepValues[]).map((row, i) => (
            <li key={i}>
              {(field.fields ?? [])
                .filter((f) => isFieldVisible(f, row))
                .map((f) => (
                  <div key={f.name}>
                    {f.label}：{displayValue(f, row[f.name])}
                  </div>
                ))}
            </li>
          ))}
        </ol>
      );
    case 'date':
      return String(value);
    default:
      // Option labels and regions as on the generated forms, regions with a visible separator.
      return fieldText(field, value, { regionSeparator: ' / ' });
  }
}
