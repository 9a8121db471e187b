import { describe, expect, it } from 'vitest';
import { OpenPsmError } from './errors';
import { desktopStartLink, parseStartLink } from './startLink';

const person = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const policy = '11111111-2222-4333-8444-555555555555';
const computer = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const valid = `openpsm://start?TargetPersonGuid=${person}&AccessRequestPolicyID=${policy}&TargetComputerGuid=${computer}&IsAdvanceMode=false`;

function refusal(url: string): { path: string | undefined; message: string } {
  try {
    parseStartLink(url);
  } catch (error) {
    if (error instanceof OpenPsmError && error.code === 'INVALID_PARAMETER')
      return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error(`accepted ${url}`);
}

describe('start links', () => {
  it('read the four required parameters from openpsm://start and from the browser host /start', () => {
    const expected = {
      personId: person,
      policyId: policy,
      computerId: computer,
      advanced: false,
      credentialKind: null,
      credentialId: null,
      accessLevelId: null,
    };
    expect(parseStartLink(valid)).toEqual(expected);
    expect(parseStartLink(valid.replace('openpsm://start', 'http://127.0.0.1:5173/start') + '#token=x')).toEqual(
      expected,
    );
  });

  it('accept braces, upper case, any case of the names, and the optional choices', () => {
    const link = parseStartLink(
      `openpsm://start/?targetpersonguid={${person.toUpperCase()}}&ACCESSREQUESTPOLICYID=${policy}&TargetComputerGuid=${computer}&IsAdvanceMode=TRUE&CredentialKind=Personal&CredentialId=${computer}&AccessLevelId=${policy}`,
    );
    expect(link).toEqual({
      personId: person,
      policyId: policy,
      computerId: computer,
      advanced: true,
      credentialKind: 'personal',
      credentialId: computer,
      accessLevelId: policy,
    });
    expect(parseStartLink(`${valid}&UseJit=true`).credentialKind).toBe('jit');
  });

  it.each([
    ['TargetPersonGuid', valid.replace(`TargetPersonGuid=${person}&`, '')],
    ['AccessRequestPolicyID', valid.replace(`AccessRequestPolicyID=${policy}`, 'AccessRequestPolicyID=')],
    ['TargetComputerGuid', valid.replace(`&TargetComputerGuid=${computer}`, '')],
    ['IsAdvanceMode', valid.replace('&IsAdvanceMode=false', '')],
  ])('refuse a missing %s, naming it', (name, url) => {
    expect(refusal(url)).toEqual({ path: name, message: expect.stringContaining(`${name} is missing`) as string });
  });

  it.each([
    ['TargetComputerGuid', valid.replace(computer, 'not-a-guid'), 'is not a GUID'],
    ['TargetPersonGuid', valid.replace(person, `${person}0`), 'is not a GUID'],
    ['IsAdvanceMode', valid.replace('IsAdvanceMode=false', 'IsAdvanceMode=maybe'), 'must be true or false'],
    ['CredentialKind', `${valid}&CredentialKind=root`, 'must be shared, personal or jit'],
    ['CredentialId', `${valid}&CredentialId=${computer}`, 'only for CredentialKind=personal'],
    ['UseJit', `${valid}&CredentialKind=shared&UseJit=true`, 'contradicts'],
    ['AccessRequestPolicyID', `${valid}&AccessRequestPolicyID=${policy}`, 'more than once'],
    ['TargetComputerGuid', valid.replace(computer, '%E0%A4%A'), 'not correctly encoded'],
    ['link', valid.replace('openpsm://start', 'openpsm://stop'), 'must be openpsm://start'],
    ['link', 'javascript:alert(1)//start?x', 'must be openpsm://start'],
  ])('refuse a malformed %s: %s', (name, url, why) => {
    const r = refusal(url);
    expect(r.path).toBe(name);
    expect(r.message).toContain(why);
  });

  it("are written back for the desktop app as the same link, with the seed's names", () => {
    const links = [
      `https://psm.example.com/start?targetpersonguid={${person.toUpperCase()}}&AccessRequestPolicyId=${policy}&TargetComputerGuid=${computer}&IsAdvanceMode=TRUE&UseJit=true&AccessLevelId=${policy}`,
      `${valid}&CredentialKind=personal&CredentialId=${computer}`,
      valid,
    ];
    for (const link of links) {
      const parsed = parseStartLink(link);
      const desktop = desktopStartLink(parsed);
      expect(desktop).toMatch(/^openpsm:\/\/start\?TargetPersonGuid=[0-9a-f-]+&AccessRequestPolicyID=/);
      expect(parseStartLink(desktop)).toEqual(parsed);
    }
    expect(desktopStartLink(parseStartLink(valid))).toBe(valid);
  });

  it('never echo more than 40 characters of a bad value', () => {
    expect(refusal(valid.replace(computer, 'x'.repeat(500))).message.length).toBeLessThan(220);
  });

  it('answer random input with INVALID_PARAMETER or a link, never anything else (fuzz)', () => {
    const pieces = [
      'openpsm://start?',
      'http://h/start?',
      '&',
      '=',
      'TargetPersonGuid',
      'IsAdvanceMode',
      'true',
      person,
      '%',
      '%zz',
      '{',
      '}',
      '#',
      '?',
      'CredentialKind',
      'jit',
      'UseJit',
      '\u0000',
      'é',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i += 1) {
      const text = Array.from({ length: 1 + (next() % 14) }, () => pieces[next() % pieces.length]).join('');
      try {
        parseStartLink(text);
      } catch (error) {
        expect(error).toBeInstanceOf(OpenPsmError);
        expect((error as OpenPsmError).code).toBe('INVALID_PARAMETER');
      }
    }
  });
});
