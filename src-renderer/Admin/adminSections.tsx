import type { ReactNode } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { AuditSection } from './AuditSection';
import { GroupsSection } from './GroupsSection';

/** One page of the Administration area: who sees it, and what it shows. */
export interface AdminSection {
  id: string;
  label: string;
  /** The roles that see it (administrators see every page; auditors see Audit). */
  roles: Role[];
  render(): ReactNode;
}

/** The Administration area's pages, in the order of its menu. Each page adds its own line here. */
export const adminSections: AdminSection[] = [
  { id: 'audit', label: 'Audit log', roles: ['administrator', 'auditor'], render: () => <AuditSection /> },
  { id: 'groups', label: 'Groups', roles: ['administrator'], render: () => <GroupsSection /> },
];

/** The pages a person with `roles` sees. */
export function sectionsFor(roles: readonly Role[]): AdminSection[] {
  return adminSections.filter((section) => section.roles.some((role) => roles.includes(role)));
}
