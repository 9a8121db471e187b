import { useState } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { sectionsFor } from './adminSections';

/** The Administration area: a menu of the pages the person's roles open, and the chosen page. */
export function AdminPage({ roles }: { roles: readonly Role[] }) {
  const sections = sectionsFor(roles);
  const [chosen, setChosen] = useState(sections[0]?.id ?? '');
  const section = sections.find((s) => s.id === chosen) ?? sections[0];
  return (
    <div className="page admin-page">
      <h1>Administration</h1>
      <nav className="nav admin-nav" aria-label="Administration">
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            className={s.id === section?.id ? 'nav-item active' : 'nav-item'}
            aria-current={s.id === section?.id ? 'page' : undefined}
            onClick={() => setChosen(s.id)}
          >
            {s.label}
          </button>
        ))}
      </nav>
      {section?.render(roles)}
    </div>
  );
}
