import type { HTMLAttributes, ReactNode, Ref } from 'react';

export function Card({
  title,
  actions,
  children,
  className,
  ref,
  ...rest
}: HTMLAttributes<HTMLElement> & {
  title?: ReactNode;
  actions?: ReactNode;
  ref?: Ref<HTMLElement>;
}) {
  return (
    <section ref={ref} className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {title || actions ? (
        <header className="card-header">
          {title ? <h2 className="card-title">{title}</h2> : <span />}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}
