import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { writeSelfSigned } from './selfSigned';
import { Client } from 'ldapts';

/** A throwaway OpenLDAP directory for tests (Debian `slapd`), on 127.0.0.1. */
export interface ThrowawaySlapd {
  url: string;
  /** ldaps:// URL and the CA (PEM) of its certificate, when started with `tls`. */
  ldapsUrl: string | null;
  caPem: string | null;
  baseDn: string;
  stop(): Promise<void>;
}

export const ldapBase = 'dc=openpsm,dc=test';
const rootDn = `cn=admin,${ldapBase}`;
const rootPw = 'slapd-Root-Pass-1';

/**
 * Starts slapd with a small tree: people (uid, userPassword, optional employee attributes) and
 * groupOfNames groups.
 * `allowUnauthenticatedBind` turns on `allow bind_anon_dn`: a DN with an empty password
 * then binds successfully, which is exactly what a client must never rely on.
 */
export async function startSlapd(options: {
  /** Each person may carry employee attributes: departmentNumber, ou (a department too) and l (location). */
  people: Array<{ uid: string; cn: string; password: string; departmentNumber?: string; ou?: string; l?: string }>;
  groups: Array<{ cn: string; members: string[] }>;
  allowUnauthenticatedBind?: boolean;
  tls?: boolean;
}): Promise<ThrowawaySlapd> {
  if (!fs.existsSync('/usr/sbin/slapd'))
    throw new Error('slapd is not installed: run scripts/test.sh (it installs scripts/debian-packages.txt).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-slapd-'));
  fs.mkdirSync(path.join(dir, 'db'));
  const conf = [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${dir}/slapd.pid`,
    options.allowUnauthenticatedBind ? 'allow bind_anon_dn' : '',
    'database mdb',
    'maxsize 10485760',
    `suffix "${ldapBase}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPw}`,
    `directory ${dir}/db`,
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by * read',
  ].join('\n');
  let tlsConf = '';
  if (options.tls) {
    // A certificate for 127.0.0.1: StartTLS on the ldap:// port, and an ldaps:// port.
    writeSelfSigned(dir);
    tlsConf = `TLSCertificateFile ${dir}/cert.pem\nTLSCertificateKeyFile ${dir}/key.pem\n`;
  }
  fs.writeFileSync(path.join(dir, 'slapd.conf'), tlsConf + conf);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = options.tls ? `ldaps://127.0.0.1:${await freePort()}` : null;
  const child = spawn(
    '/usr/sbin/slapd',
    ['-f', path.join(dir, 'slapd.conf'), '-h', [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' '), '-d', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  await waitForPort(port, {
    timeoutMs: 15_000,
    failed: () => child.exitCode !== null,
    why: () => `slapd did not start: ${log.slice(-800)}`,
  });
  const admin = new Client({ url, timeout: 5000, connectTimeout: 5000 });
  await admin.bind(rootDn, rootPw);
  await admin.add(ldapBase, { objectClass: ['dcObject', 'organization'], dc: 'openpsm', o: 'OpenPSM test' });
  for (const ou of ['people', 'groups'])
    await admin.add(`ou=${ou},${ldapBase}`, { objectClass: 'organizationalUnit', ou });
  for (const p of options.people)
    await admin.add(`uid=${p.uid},ou=people,${ldapBase}`, {
      objectClass: ['inetOrgPerson'],
      uid: p.uid,
      cn: p.cn,
      sn: p.cn.split(' ').pop() ?? p.cn,
      userPassword: p.password,
      ...(p.departmentNumber ? { departmentNumber: p.departmentNumber } : {}),
      ...(p.ou ? { ou: p.ou } : {}),
      ...(p.l ? { l: p.l } : {}),
    });
  for (const g of options.groups)
    await admin.add(`cn=${g.cn},ou=groups,${ldapBase}`, {
      objectClass: 'groupOfNames',
      cn: g.cn,
      member: g.members.map((uid) => `uid=${uid},ou=people,${ldapBase}`),
    });
  await admin.unbind();
  return {
    url,
    ldapsUrl,
    caPem: options.tls ? fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') : null,
    baseDn: ldapBase,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
