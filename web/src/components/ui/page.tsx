import { useEffect, type ReactNode } from 'react';

/** One screen: its title is the document title too, so tabs and history read well. */
export function Page({ title, lead, children, narrow }: { title: string; lead?: ReactNode; children: ReactNode; narrow?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Herald`;
  }, [title]);
  return (
    <main id="main" className={narrow ? 'page narrow' : 'page'}>
      <h1>{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </main>
  );
}
