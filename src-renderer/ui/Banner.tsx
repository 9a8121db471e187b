import type { ReactNode } from 'react';

/** A message across the page: info, success or error. Errors are announced to screen readers. */
export function Banner({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'success' | 'error';
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}
