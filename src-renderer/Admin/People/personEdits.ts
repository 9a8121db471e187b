import type { PersonDetail } from '@shared/common/api/controlPlane/personFields';
import type { PersonDraft } from './PersonForm';

const labels: Record<string, string> = {
  displayName: 'Display name',
  email: 'Email',
  department: 'Department',
  location: 'Location',
  costCenter: 'Cost center',
  manager: 'Manager',
  roles: 'Roles',
};

/** The fields the form may send for a person whose directory owns `locked`. */
export function patchOf(draft: PersonDraft, locked: string[], revision: number) {
  const fields = {
    displayName: draft.displayName,
    roles: draft.roles,
    email: draft.email,
    department: draft.department,
    location: draft.location,
    costCenter: draft.costCenter,
    manager: draft.manager,
  };
  const own = Object.fromEntries(Object.entries(fields).filter(([field]) => !locked.includes(field)));
  return { revision, ...(own as Partial<typeof fields>) };
}

/** The fields someone else changed between two loads of a person, as "Department: Sales → Finance". */
export function changedFields(before: PersonDetail, after: PersonDetail): string[] {
  const value = (p: PersonDetail, field: string): string =>
    field === 'manager' ? (p.manager?.username ?? '') : JSON.stringify(p[field as keyof PersonDetail] ?? '');
  return Object.keys(labels)
    .filter((field) => value(before, field) !== value(after, field))
    .map((field) => `${labels[field]}: ${value(before, field)} → ${value(after, field)}`);
}

/** After a reload: what the person typed stays; every field they left alone takes the server's new value. */
export function keepTyped(typed: PersonDraft, loaded: PersonDraft, fresh: PersonDraft): PersonDraft {
  const merged = { ...fresh };
  for (const key of Object.keys(typed) as Array<keyof PersonDraft>)
    if (JSON.stringify(typed[key]) !== JSON.stringify(loaded[key])) Object.assign(merged, { [key]: typed[key] });
  return merged;
}
