import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { Store } from '@server/db/openStore';

/** How the bench's person reaches computers: 101 policies on top of the demo's one (Linux servers), 1,011 computers in all. */
const addedPolicies = 101;
const addedComputers = 1008;
/** Computers and a policy nobody in the bench reaches through erin: the rest of the estate. */
const otherComputers = 300;

const kindsOf = (i: number): CredentialKind[] =>
  i % 7 === 0 ? ['personal'] : i % 5 === 0 ? ['shared', 'jit'] : ['shared', 'personal'];

async function addComputers(store: Store, count: number, prefix: string, tagOf: (j: number) => string) {
  const ids: string[] = [];
  for (let j = 0; j < count; j += 1) {
    const protocol = j % 10 === 0 ? 'rdp' : j % 17 === 0 ? 'vnc' : 'ssh';
    const id = await store.computers.create({
      name: `${prefix}-${String(j).padStart(4, '0')}.corp.example`,
      protocol,
      host: `10.${Math.floor(j / 250) + 50}.${j % 250}.10`,
      port: protocol === 'rdp' ? 3389 : protocol === 'vnc' ? 5900 : 22,
      jitEnabled: j % 9 === 0,
      recording: true,
      liveMonitoring: true,
      tags: [tagOf(j), 'estate'],
    });
    ids.push(id);
    // Most computers have a shared credential, some two, some none.
    if (j % 13 !== 0) await store.credentials.create({ computerId: id, username: 'admin', secret: 'S3cret-bench' });
    if (j % 4 === 0) await store.credentials.create({ computerId: id, username: 'deploy', secret: 'S3cret-bench' });
  }
  return ids;
}

/** One policy of the person's: every other one by tag, the rest by picked computers; some with access levels and grants. */
async function addPolicy(store: Store, i: number, ids: string[], ops: string, personId: string) {
  const picked = ids.filter((_, j) => j % addedPolicies === i);
  const levels =
    i % 3 === 0
      ? [
          { name: 'Operator', preApproval: false, groups: [ops] },
          ...(i % 6 === 0 ? [{ name: 'Root', preApproval: true, groups: [ops], targetAccount: 'deploy' }] : []),
        ]
      : [];
  const policyId = await store.catalog.createPolicy({
    name: `Policy ${String(i).padStart(3, '0')}`,
    persons: i % 4 === 0 ? [personId] : [],
    groups: i % 4 === 0 ? [] : [ops],
    computers: i % 2 === 0 ? [] : picked,
    tags: i % 2 === 0 ? [`slice-${i}`] : [],
    credentialKinds: kindsOf(i),
    accessLevels: levels,
    mfaRequired: i % 11 === 0,
    terms: `Sessions under policy ${i} are recorded.`,
    maxDurationMinutes: 240,
  });
  if (i % 6 === 0) {
    const root = (await store.catalog.levelsFor(personId, policyId)).find((l) => l.name === 'Root');
    const now = Date.now();
    for (const [start, end] of [
      [-30, -10],
      [-5, i % 12 === 0 ? 60 : -1],
    ] as const)
      await store.grants.create({
        personId,
        policyId,
        accessLevelId: root?.id ?? null,
        startsAt: new Date(now + start * 86_400_000),
        endsAt: new Date(now + end * 86_400_000),
        source: 'manual',
        grantedBy: 'alice',
      });
  }
  return policyId;
}

/**
 * My Resources at scale on a demo store: erin reaches 1,011 computers through 102 policies (the
 * demo's Linux servers and 101 more: by tag, by picked computers, directly and through a group,
 * some with access levels, pre-approval and grants, active and run out), among 300 computers and a
 * policy she does not reach. Returns erin's id and a computer she may connect to with one click.
 */
export async function seedMyResources(store: Store) {
  const erin = await store.persons.findByUsername('erin');
  if (!erin) throw new Error('seed the demo first');
  const ops = await store.persons.createGroup('Operations', [erin.id]);
  const ids = await addComputers(store, addedComputers, 'srv', (j) => `slice-${j % addedPolicies}`);
  const others = await addComputers(store, otherComputers, 'lab', () => 'lab');
  const policies: string[] = [];
  for (let i = 0; i < addedPolicies; i += 1) policies.push(await addPolicy(store, i, ids, ops, erin.id));
  const carol = await store.persons.findByUsername('carol');
  await store.catalog.createPolicy({
    name: 'Lab',
    persons: carol ? [carol.id] : [],
    groups: [],
    computers: others,
    tags: ['estate'],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Lab operator', preApproval: false, groups: [] }],
    mfaRequired: false,
    terms: 'Lab sessions are recorded.',
    maxDurationMinutes: 60,
  });
  // Policy 1 picks srv-0001 (ssh, a shared credential), asks nothing and has no access levels.
  return { personId: erin.id, policyId: policies[1] as string, computerId: ids[1] as string };
}
