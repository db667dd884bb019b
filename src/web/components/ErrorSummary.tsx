import { CloseCircleFilled } from '@ant-design/icons';
import { useEffect, useId, useRef } from 'react';

export interface SummaryLink {
  key: string;
  message: string;
  /** The element the link is about (`#id`), for when script does not handle the click. */
  href: string;
  /** Takes the user to the part in question (focus it, or open the step holding it). */
  onSelect(): void;
}

/**
 * The error summary at the top of a form (GOV.UK pattern, WCAG 3.3.1/3.3.3): a heading that says
 * what kind of problem, and one link per problem to the place it is fixed. Focus moves here each
 * time `attempt` changes, so a screen reader hears it and a keyboard user starts from it.
 */
export function ErrorSummary({ title, description, links, attempt }: { title: string; description?: string; links: readonly SummaryLink[]; attempt?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (attempt === undefined || attempt === 0) return;
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [attempt]);
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={`${id}-title`}>
      <h3 className="error-summary-title" id={`${id}-title`}>
        <CloseCircleFilled aria-hidden className="error-summary-icon" />
        {title}
      </h3>
      {description ? <p className="error-summary-text">{description}</p> : null}
      {links.length > 0 ? (
        <ul className="error-summary-list">
          {links.map((l) => (
            <li key={l.key}>
              <a
                href={l.href}
                onClick={(e) => {
                  e.preventDefault();
                  l.onSelect();
                }}
              >
                {l.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
