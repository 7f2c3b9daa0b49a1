import { describe, expect, it } from 'vitest';
import { graphSection } from '../../config/sections/graph';
import { BackendError, isPrivilegedRefusal, type Account } from '../identity-backend';
import { GraphBackend, odataString, userPath } from './graph-backend';
import { GraphHttpError, type GraphCall, type GraphClient } from './graph-client';
import type { HttpTransport } from './https-transport';

const graph = graphSection.parse({ tenantId: 't', clientId: 'c', clientSecret: 'secret:X' });
const transport: HttpTransport = { send: () => Promise.reject(new Error('unused')), close() {} };
const account: Account = { id: '2d5b0c3a-7e4f-4091-9c32-3f4a5b6c7d8e', username: 'u@x.ma', displayName: 'U', disabled: false, locked: false };

function backendAnswering(answer: (call: GraphCall) => unknown) {
  const calls: GraphCall[] = [];
  const client: GraphClient = {
    async call(req) {
      calls.push(req);
      const a = answer(req);
      if (a instanceof Error) throw a;
      return { status: 200, json: a };
    },
  };
  return { backend: new GraphBackend(graph, client, transport, 'MA'), calls };
}

const refusal = (status: number, code: string, message: string) => new GraphHttpError(status, code, message, 'req', [], 'PATCH /users/{id} passwordProfile');

async function rejection(p: Promise<unknown>): Promise<BackendError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof BackendError)) throw new Error(`expected a BackendError, got ${String(e)}`);
  return e;
}

describe('GraphBackend.resetPassword error mapping', () => {
  it('sends only the passwordProfile, without forcing a change at next sign-in', async () => {
    const { backend, calls } = backendAnswering(() => undefined);
    await backend.resetPassword(account, 'Rabat#Printemps2025');
    expect(calls).toEqual([
      expect.objectContaining({ method: 'PATCH', path: `/users/${account.id}`, body: { passwordProfile: { password: 'Rabat#Printemps2025', forceChangePasswordNextSignIn: false } } }),
    ]);
  });

  it('tells password history from the rest of the policy, and never repeats the password', async () => {
    const history = await rejection(
      backendAnswering(() => refusal(400, 'Request_BadRequest', 'The password does not meet the password history requirements.')).backend.resetPassword(account, 'Old#Pass2024'),
    );
    expect(history).toMatchObject({ kind: 'policy-violation', reasons: ['directory-history'] });
    const complexity = await rejection(
      backendAnswering(() => refusal(400, 'Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.')).backend.resetPassword(account, 'weak'),
    );
    expect(complexity).toMatchObject({ kind: 'policy-violation', reasons: ['directory-policy'] });
    expect(isPrivilegedRefusal(complexity)).toBe(false);
    expect(complexity.message).not.toContain('weak');
  });

  it('reports 403 as a privileged refusal, saying why for IT', async () => {
    const admin = await rejection(
      backendAnswering(() => refusal(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')).backend.resetPassword({ ...account, privileged: true }, 'Rabat#Printemps2025'),
    );
    expect(isPrivilegedRefusal(admin)).toBe(true);
    expect(admin.message).toContain('directory role');
    const scoped = await rejection(
      backendAnswering(() => refusal(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')).backend.resetPassword(account, 'Rabat#Printemps2025'),
    );
    expect(isPrivilegedRefusal(scoped)).toBe(true);
    expect(scoped.message).toContain('administrative unit');
  });

  it('reports an on-premises mastered account as a privileged refusal', async () => {
    const e = await rejection(
      backendAnswering(() => refusal(400, 'Request_BadRequest', 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.')).backend.resetPassword(account, 'Rabat#Printemps2025'),
    );
    expect(isPrivilegedRefusal(e)).toBe(true);
  });

  it('maps 404 to not-found and other failures to unavailable', async () => {
    expect((await rejection(backendAnswering(() => refusal(404, 'Request_ResourceNotFound', 'gone')).backend.resetPassword(account, 'Rabat#Printemps2025'))).kind).toBe('not-found');
    expect((await rejection(backendAnswering(() => refusal(500, 'generalException', 'oops')).backend.resetPassword(account, 'Rabat#Printemps2025'))).kind).toBe('unavailable');
  });
});

describe('GraphBackend method writes', () => {
  it('maps a tenant rule refusal (400) to policy-violation and a vanished account (404) to not-found', async () => {
    const rule = backendAnswering((call) => (call.method === 'GET' ? { value: [{ id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: '+212 612345678' }] } : refusal(400, 'badRequest', 'default MFA method')));
    expect(await rejection(rule.backend.setPhone(account, null))).toMatchObject({ kind: 'policy-violation', reasons: ['directory-policy'] });
    const gone = backendAnswering(() => refusal(404, 'Request_ResourceNotFound', 'gone'));
    expect((await rejection(gone.backend.getMethods(account))).kind).toBe('not-found');
  });

  it('does not write a phone that is already the mobile, nor an email already registered', async () => {
    const { backend, calls } = backendAnswering((call) =>
      call.path.endsWith('phoneMethods')
        ? { value: [{ id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: '+212 612345678' }] }
        : { value: [{ id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', emailAddress: 'Moi@Example.org' }] },
    );
    await backend.setPhone(account, '+212612345678');
    await backend.setEmail(account, 'moi@example.org');
    expect(calls.map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  it('refuses a malformed email before calling Graph', async () => {
    const { backend, calls } = backendAnswering(() => ({ value: [] }));
    expect((await rejection(backend.setEmail(account, 'pas une adresse'))).kind).toBe('policy-violation');
    expect(calls).toEqual([]);
  });
});

describe('GraphBackend.findUser', () => {
  it('sends nothing for empty or control-character identifiers', async () => {
    const { backend, calls } = backendAnswering(() => ({ value: [] }));
    expect(await backend.findUser('   ')).toBeNull();
    expect(await backend.findUser('a\u0000b@x.ma')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('selects only what an account needs', async () => {
    const { backend, calls } = backendAnswering((call) => (call.op === 'GET /users/{upn}' ? refusal(404, 'Request_ResourceNotFound', '') : { value: [] }));
    expect(await backend.findUser('x@univ.ma')).toBeNull();
    for (const c of calls) expect(c.path).toContain('$select=id,userPrincipalName,displayName,mail,accountEnabled,onPremisesSyncEnabled');
  });
});

describe('OData helpers', () => {
  it('doubles single quotes in string literals', () => {
    expect(odataString("o'brien@x.ma")).toBe("'o''brien@x.ma'");
    expect(odataString("a' or 1 eq 1 or 'b")).toBe("'a'' or 1 eq 1 or ''b'");
  });

  it('addresses a UPN starting with $ in parentheses, others as a path segment', () => {
    expect(userPath('jdoe@x.ma')).toBe('/users/jdoe%40x.ma');
    expect(userPath('$adm@x.ma')).toBe("/users('%24adm%40x.ma')");
  });
});

describe('GraphBackend request paths', () => {
  it('never lets an account id become a path of its own: no request for anything but an object id', async () => {
    const { backend, calls } = backendAnswering(() => ({ value: [] }));
    for (const id of ['x/../../../beta/groups', '..', '%2e%2e', 'unknown:jdoe', '2d5b0c3a-7e4f-4091-9c32-3f4a5b6c7d8e/../../groups']) {
      const forged = { ...account, id };
      expect((await rejection(backend.getMethods(forged))).kind).toBe('not-found');
      expect((await rejection(backend.setPhone(forged, '+212612345678'))).kind).toBe('not-found');
      expect((await rejection(backend.resetPassword(forged, 'Rabat#Printemps2025'))).kind).toBe('not-found');
      expect(await backend.findUserById(id)).toBeNull();
    }
    expect(calls).toEqual([]);
    await backend.getMethods(account);
    expect(calls.map((c) => c.path)).toEqual([`/users/${account.id}/authentication/phoneMethods`, `/users/${account.id}/authentication/emailMethods`]);
  });
});
