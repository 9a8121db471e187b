import { describe, expect, it } from 'vitest';
import { adminRoute } from './admin';
import { controlPlaneTables } from './controlPlane';

describe("the Administration area's door to the control plane", () => {
  it('opens administration and audit routes by name', () => {
    expect(adminRoute('persons.list')).toBe(controlPlaneTables.persons.list);
    expect(adminRoute('system.audit')).toBe(controlPlaneTables.system.audit);
    expect(adminRoute('computers.setRdpSecurity')?.path).toBe('/api/admin/computers/:id/rdp');
  });

  it('keeps every other route shut: sessions, vaults, live, recordings, sign-in, and names that are not routes', () => {
    for (const name of ['sessions.start', 'vault.get', 'live.list', 'recordings.list', 'persons.me', 'system.health'])
      expect(adminRoute(name), name).toBeUndefined();
    for (const name of ['persons', 'persons.list.x', '.list', 'toString.call', 'persons.constructor', '__proto__.x'])
      expect(adminRoute(name), name).toBeUndefined();
  });

  it('no route the door opens can start, watch or end a session, or touch a vault', () => {
    const opened = Object.entries(controlPlaneTables).flatMap(([table, routes]) =>
      Object.keys(routes)
        .filter((entry) => adminRoute(`${table}.${entry}`) !== undefined)
        .map((entry) => `${table}.${entry}`),
    );
    expect(opened.length).toBeGreaterThan(3);
    for (const name of opened) expect(name).not.toMatch(/^(sessions|vault|live)\./);
  });
});
