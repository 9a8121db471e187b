import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../errors';
import { controlPlaneRoutes, isControlPlanePath } from './index';
import { pathOf } from './route';
import { vaultApi } from './vault';

describe('the control-plane route tables', () => {
  it('write each method and path once', () => {
    const keys = controlPlaneRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(39);
  });

  it('name every path parameter in params, and nothing more', () => {
    for (const r of controlPlaneRoutes) {
      const inPath = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);
      expect([r.path, Object.keys(r.params.shape)]).toEqual([r.path, inPath]);
    }
  });

  it('answer only known error codes, and only on paths the server sends to the API', () => {
    for (const r of controlPlaneRoutes) {
      expect(r.errors.filter((code) => !Object.hasOwn(errorCatalog, code))).toEqual([]);
      expect([r.path, isControlPlanePath(r.path)]).toEqual([r.path, true]);
    }
    expect(isControlPlanePath('/setup')).toBe(false);
    expect(isControlPlanePath('/openapi.json')).toBe(false);
  });

  it('build a path from its parameters, encoded, and refuse a missing one', () => {
    expect(pathOf({ path: '/api/things/:id/x' }, { id: 'a b/c' })).toBe('/api/things/a%20b%2Fc/x');
    expect(pathOf(vaultApi.params)).toBe('/api/vault/params');
    expect(() => pathOf({ path: '/api/things/:id' })).toThrow('needs the parameter id');
  });
});
