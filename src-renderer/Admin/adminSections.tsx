import type { ReactNode } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { ApiKeysSection } from './apiKeys/ApiKeysSection';
import { AuditSection } from './AuditSection';
import { ComputersSection } from './Computers/ComputersSection';
import { CredentialsSection } from './Credentials/CredentialsSection';
import { GrantsSection } from './Grants/GrantsSection';
import { PeopleSection } from './People/PeopleSection';
import { PoliciesSection } from './Policies/PoliciesSection';
import { ServerSettingsSection } from './ServerSettingsSection';
import { GroupsSection } from './GroupsSection';
import { SignInSection } from './SignIn/SignInSection';
import { SignInRulesSection } from './SignInRules/SignInRulesSection';

/** One page of the Administration area: who sees it, and what it shows. */
export interface AdminSection {
  id: string;
  label: string;
  /** The roles that see it (administrators see every page; auditors see Audit). */
  roles: Role[];
  /** The page, for a person with `roles`. */
  render(roles: readonly Role[]): ReactNode;
}

/** The Administration area's pages, in the order of its menu. Each page adds its own line here. */
export const adminSections: AdminSection[] = [
  {
    id: 'audit',
    label: 'Audit log',
    roles: ['administrator', 'auditor'],
    render: (roles) => <AuditSection roles={roles} />,
  },
  { id: 'people', label: 'People', roles: ['administrator'], render: () => <PeopleSection /> },
  { id: 'api-keys', label: 'API keys', roles: ['administrator'], render: () => <ApiKeysSection /> },
  { id: 'groups', label: 'Groups', roles: ['administrator'], render: () => <GroupsSection /> },
  { id: 'computers', label: 'Computers', roles: ['administrator'], render: () => <ComputersSection /> },
  { id: 'credentials', label: 'Credentials', roles: ['administrator'], render: () => <CredentialsSection /> },
  { id: 'policies', label: 'Policies', roles: ['administrator'], render: () => <PoliciesSection /> },
  { id: 'grants', label: 'Grants', roles: ['administrator', 'access_manager'], render: () => <GrantsSection /> },
  { id: 'sign-in-rules', label: 'Sign-in rules', roles: ['administrator'], render: () => <SignInRulesSection /> },
  { id: 'sign-in', label: 'Sign-in', roles: ['administrator'], render: () => <SignInSection /> },
  { id: 'server', label: 'Server settings', roles: ['administrator'], render: () => <ServerSettingsSection /> },
];

/** The pages a person with `roles` sees. */
export function sectionsFor(roles: readonly Role[]): AdminSection[] {
  return adminSections.filter((section) => section.roles.some((role) => roles.includes(role)));
}
