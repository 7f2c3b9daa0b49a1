import { randomBytes, randomInt } from 'node:crypto';
import { LdapBackend } from '../electron/core/backends/ldap/ldap-backend';
import { systemClock } from '../electron/core/clock';
import { ldapSection } from '../electron/core/config/sections/ldap';
import { startBulkDirectory, type BulkDirectory } from './bulk-slapd';
import { progress, type Figure, type Outcome } from './report';
import { rounded, summarize, type Summary } from './stats';

export type DirectoryScaleOptions = {
  /** Directory sizes, smallest first; the goal is judged on the largest, flatness between the first and the last. */
  sizes: number[];
  lookups: number;
  signIns: number;
};

const p95Goal = 30;
/** "Flat": the largest directory's median within 1.5× the smallest's, plus 1 ms for sub-millisecond noise. */
const flatRatio = 1.5;
const flatSlackMs = 1;

/** docs/ldap.md's OpenLDAP example, against the generated people. */
function backendFor(d: BulkDirectory): LdapBackend {
  const config = ldapSection.parse({
    url: d.url,
    startTls: true,
    caFile: d.caFile,
    bindDn: d.serviceDn,
    bindPassword: 'secret:LDAP_BIND',
    baseDn: d.peopleDn,
    userFilter: '(&(objectClass=inetOrgPerson)(|(uid={input})(mail={input})))',
    flavor: 'openldap',
    attributes: { username: 'uid', alternateEmail: 'guichetAuthEmail' },
    phoneFormat: 'international',
  });
  return new LdapBackend({ config, bindPassword: d.servicePassword, defaultCountry: 'MA', clock: systemClock });
}

type Side = { directory: BulkDirectory; backend: LdapBackend; lookup: number[]; unknown: number[]; signIn: number[] };

async function lookup(side: Side, list: number[]): Promise<void> {
  const i = randomInt(side.directory.users);
  const identifier = i % 2 === 0 ? side.directory.uid(i) : side.directory.mail(i).toUpperCase();
  const t0 = performance.now();
  const account = await side.backend.findUser(identifier);
  list.push(performance.now() - t0);
  if (account?.username !== side.directory.uid(i)) throw new Error(`lookup of user ${i} found ${account?.username ?? 'nobody'}`);
}

async function unknownLookup(side: Side): Promise<void> {
  const t0 = performance.now();
  const account = await side.backend.findUser(`nobody.${randomBytes(4).toString('hex')}`);
  side.unknown.push(performance.now() - t0);
  if (account) throw new Error('an unknown identifier found an account');
}

async function signIn(side: Side): Promise<void> {
  const i = randomInt(side.directory.users);
  const t0 = performance.now();
  const result = await side.backend.signIn(side.directory.uid(i), side.directory.userPassword);
  side.signIn.push(performance.now() - t0);
  if (result.status !== 'ok') throw new Error(`sign-in of user ${i}: ${result.status}`);
}

const label = (n: number) => n.toLocaleString('en');

/**
 * User lookups (service account search with the configured filter) and sign-ins (that search, then a bind as the
 * user on a new StartTLS connection) against real slapd servers of each size, all running at once, the requests
 * alternating between them so that the machine's noise falls on every size alike.
 */
export async function directoryScale(o: DirectoryScaleOptions): Promise<Outcome> {
  const sides: Side[] = [];
  const figures: Figure[] = [];
  try {
    for (const users of o.sizes) {
      progress(`directory: loading ${label(users)} users with slapadd`);
      const directory = await startBulkDirectory(users);
      sides.push({ directory, backend: backendFor(directory), lookup: [], unknown: [], signIn: [] });
      figures.push({ name: `${label(users)} users: slapadd load`, unit: 's', value: Number(directory.loadSeconds.toFixed(1)) });
    }
    // Unrecorded: connections, TLS sessions and slapd's caches warm up.
    const scratch: number[] = [];
    for (const side of sides) {
      for (let i = 0; i < 20; i++) await lookup(side, scratch);
      for (let i = 0; i < 5; i++) await signIn(side);
      side.signIn.length = 0;
    }
    for (let k = 0; k < o.lookups; k++) {
      for (const side of k % 2 === 0 ? sides : [...sides].reverse()) {
        await lookup(side, side.lookup);
        if (k % 4 === 0) await unknownLookup(side);
      }
    }
    for (let k = 0; k < o.signIns; k++) {
      for (const side of k % 2 === 0 ? sides : [...sides].reverse()) await signIn(side);
    }
  } finally {
    for (const side of sides) {
      await side.backend.close();
      await side.directory.close();
    }
  }

  const summaries = sides.map((s) => ({ users: s.directory.users, lookup: summarize(s.lookup), unknown: summarize(s.unknown), signIn: summarize(s.signIn) }));
  for (const s of summaries) {
    figures.push({ name: `${label(s.users)} users: lookup`, unit: 'ms', summary: rounded(s.lookup) });
    figures.push({ name: `${label(s.users)} users: lookup of an unknown identifier`, unit: 'ms', summary: rounded(s.unknown) });
    figures.push({ name: `${label(s.users)} users: sign-in (lookup + bind)`, unit: 'ms', summary: rounded(s.signIn) });
  }
  const largest = summaries.at(-1)!;
  const smallest = summaries[0]!;
  const flat = (a: Summary, b: Summary) => b.median <= a.median * flatRatio + flatSlackMs;
  const judgeFlat = summaries.length > 1;
  const isFlat = !judgeFlat || (flat(smallest.lookup, largest.lookup) && flat(smallest.signIn, largest.signIn));
  if (judgeFlat) {
    figures.push({ name: `lookup median, ${label(largest.users)} / ${label(smallest.users)}`, unit: '×', value: Number((largest.lookup.median / smallest.lookup.median).toFixed(2)) });
    figures.push({ name: `sign-in median, ${label(largest.users)} / ${label(smallest.users)}`, unit: '×', value: Number((largest.signIn.median / smallest.signIn.median).toFixed(2)) });
  }
  const met = largest.lookup.p95 <= p95Goal && largest.signIn.p95 <= p95Goal && isFlat;
  return {
    met,
    headline: `${label(largest.users)} users: lookup p95 ${largest.lookup.p95.toFixed(1)} ms, sign-in p95 ${largest.signIn.p95.toFixed(1)} ms${judgeFlat ? `; flat: ${isFlat ? 'yes' : 'no'}` : ''}`,
    figures,
    notes: [
      `slapd (OpenLDAP, back-mdb) loaded offline with slapadd, indexes objectClass eq and uid,mail eq (docs/ldap.md), StartTLS, ppolicy; the LDAP backend of electron/core/backends/ldap with docs/ldap.md's OpenLDAP filter; identifiers alternate between uid and mail (in capitals). ${o.lookups} lookups (plus ${Math.ceil(o.lookups / 4)} of unknown identifiers) and ${o.signIns} sign-ins per size, alternating between the directories.`,
      judgeFlat
        ? `"Flat": median at ${label(largest.users)} ≤ ${flatRatio}× the median at ${label(smallest.users)} + ${flatSlackMs} ms, for lookups and sign-ins.`
        : 'One size only: flatness is judged by the full run.',
    ],
  };
}
