import type { EmailAuthenticationMethod, PhoneAuthenticationMethod, User } from '@microsoft/microsoft-graph-types';
import {
  canResetPassword,
  defaultUserProperties,
  emailMethodId,
  isEmailAddress,
  isGraphPhoneNumber,
  passwordMeetsPolicy,
  phoneMethodIds,
  roleTemplateIds,
  selectableUserProperties,
  type DirectoryEntry,
} from './directory';
import { randomBytes, randomUUID } from 'node:crypto';
import { verifyOwnJwt } from './jwt';
import { parseFilter } from './odata';
import { graphError, noContent, ok, type Reply } from './reply';
import { findByUpnOrId, graphAppId, graphResource, type TenantContext } from './tenant';

export type GraphRequest = {
  method: string;
  /** Path after `/v1.0`, percent-decoded segment by segment. */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
  requestId: string;
  clientRequestId: string;
};

/**
 * Permissions of each API, from the permission table of its page (application permissions only).
 * - users: https://learn.microsoft.com/en-us/graph/api/user-get, /user-list, /user-list-transitivememberof
 * - phone methods: https://learn.microsoft.com/en-us/graph/api/authentication-list-phonemethods, /authentication-post-phonemethods,
 *   /phoneauthenticationmethod-update, /phoneauthenticationmethod-delete
 * - email methods: https://learn.microsoft.com/en-us/graph/api/authentication-list-emailmethods, /authentication-post-emailmethods
 * - password: https://learn.microsoft.com/en-us/graph/api/user-update (passwordProfile: User-PasswordProfile.ReadWrite.All
 *   or User.ReadWrite.All, and at least the User Administrator role)
 */
const permissions = {
  readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readGroups: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readRoles: ['RoleManagement.Read.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readPhones: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All', 'UserAuthMethod-Phone.Read.All', 'UserAuthMethod-Phone.ReadWrite.All'],
  writePhones: ['UserAuthenticationMethod.ReadWrite.All', 'UserAuthMethod-Phone.ReadWrite.All'],
  readEmails: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All', 'UserAuthMethod-Email.Read.All', 'UserAuthMethod-Email.ReadWrite.All'],
  writeEmails: ['UserAuthenticationMethod.ReadWrite.All', 'UserAuthMethod-Email.ReadWrite.All'],
  writePassword: ['User-PasswordProfile.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  readPhotos: ['ProfilePhoto.Read.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  writeTap: ['UserAuthenticationMethod.ReadWrite.All'],
};

type Caller = { roles: string[] };

export function handleGraph(ctx: TenantContext, graphBaseUrl: string, req: GraphRequest): Reply {
  const e = (status: number, code: string, message: string, headers?: Record<string, string>) => graphError(status, code, message, req.requestId, req.clientRequestId, headers);
  const caller = authenticate(ctx, req.headers.authorization);
  if ('refused' in caller) {
    return e(401, 'InvalidAuthenticationToken', caller.refused, {
      'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    });
  }
  const has = (any: string[]) => caller.roles.some((r) => any.includes(r));
  const denied = () => e(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  // The authentication methods APIs answer a missing permission with the generic accessDenied.
  const methodDenied = () => e(403, 'accessDenied', 'Request Authorization failed');

  const [root, key, sub, ...rest] = req.segments;
  if (root === 'users' && key === undefined) {
    if (req.method !== 'GET') return e(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!has(permissions.readUsers)) return denied();
    return listUsers(ctx, graphBaseUrl, req, e);
  }
  const userKey = root === 'users' ? key : /^users\('(.+)'\)$/.exec(root ?? '')?.[1]?.replace(/''/g, "'");
  const [tail, tail2, tail3] = root === 'users' ? [sub, rest[0], rest[1]] : [key, sub, rest[0]];
  if (userKey === undefined) return e(400, 'BadRequest', `Resource not found for the segment '${root ?? ''}'.`);
  const entry = findByUpnOrId(ctx, userKey);
  const notFound = () => e(404, 'Request_ResourceNotFound', `Resource '${userKey}' does not exist or one of its queried reference-property objects are not present.`);

  if (tail === undefined) {
    if (req.method === 'GET') {
      if (!has(permissions.readUsers)) return denied();
      if (!entry) return notFound();
      const selected = select(entry.user, req.query.get('$select'));
      if ('status' in selected) return e(400, 'Request_BadRequest', selected.message);
      return ok({ '@odata.context': `${graphBaseUrl}/$metadata#users/$entity`, ...selected.value });
    }
    if (req.method === 'PATCH') return updateUser(ctx, req, entry, caller, { e, notFound, denied });
    return e(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  }
  if (tail === 'transitiveMemberOf') {
    if (req.method !== 'GET') return e(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!has(permissions.readUsers)) return denied();
    if (!entry) return notFound();
    return transitiveMemberOf(entry, tail2, req, has, e);
  }
  if (tail === 'authentication' && tail2 === 'phoneMethods') {
    if (!entry) return notFound();
    return phoneMethods(graphBaseUrl, entry, tail3, req, { e, read: has(permissions.readPhones), write: has(permissions.writePhones), denied: methodDenied });
  }
  if (tail === 'photo' && tail2 === '$value') {
    if (req.method !== 'GET') return e(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!has(permissions.readPhotos)) return denied();
    if (!entry) return notFound();
    if (!entry.photo) return e(404, 'ImageNotFound', 'Exception of type \'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException\' was thrown.');
    return { status: 200, bytes: entry.photo };
  }
  if (tail === 'authentication' && tail2 === 'temporaryAccessPassMethods') {
    if (!entry) return notFound();
    if (req.method !== 'POST') return e(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!has(permissions.writeTap)) return methodDenied();
    return issueTemporaryAccessPass(ctx, graphBaseUrl, entry, req, e);
  }
  if (tail === 'authentication' && tail2 === 'emailMethods') {
    if (!entry) return notFound();
    return emailMethods(graphBaseUrl, entry, tail3, req, { e, read: has(permissions.readEmails), write: has(permissions.writeEmails), denied: methodDenied });
  }
  return e(400, 'BadRequest', `Resource not found for the segment '${tail}'.`);
}

/**
 * Bearer tokens are checked as Graph checks them: signature, audience, lifetime.
 * https://learn.microsoft.com/en-us/graph/errors (401 InvalidAuthenticationToken)
 */
function authenticate(ctx: TenantContext, header: string | undefined): Caller | { refused: string } {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (!token) return { refused: 'Access token is empty.' };
  const claims = verifyOwnJwt(ctx.key, token);
  if (!claims) return { refused: 'Access token validation failure.' };
  if (claims.aud !== graphResource && claims.aud !== graphAppId) return { refused: 'Access token validation failure. Invalid audience.' };
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now || ctx.revokedTokens.has(String(claims.uti))) {
    return { refused: 'Access token has expired or is not yet valid.' };
  }
  if (claims.tid !== ctx.tenantId) return { refused: 'Access token validation failure. Invalid issuer.' };
  return { roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [] };
}

type Err = (status: number, code: string, message: string) => Reply;

/**
 * One Temporary Access Pass, returned once in the answer; the tenant's policy bounds its lifetime (10 minutes
 * to 30 days here, Entra's widest) and a user holds at most one.
 * https://learn.microsoft.com/en-us/graph/api/authentication-post-temporaryaccesspassmethods
 */
function issueTemporaryAccessPass(ctx: TenantContext, graphBaseUrl: string, entry: DirectoryEntry, req: GraphRequest, e: Err): Reply {
  let body: { isUsableOnce?: unknown; lifetimeInMinutes?: unknown };
  try {
    body = JSON.parse(req.body) as typeof body;
  } catch {
    return e(400, 'BadRequest', 'Invalid request body.');
  }
  const lifetime = body.lifetimeInMinutes ?? 60;
  if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 10 || lifetime > 43200) {
    return e(400, 'badRequest', 'The lifetime of the Temporary Access Pass is outside the range the policy allows.');
  }
  if (entry.temporaryAccessPasses.length > 0) return e(400, 'badRequest', 'The user already has a Temporary Access Pass.');
  const method = { id: randomUUID(), isUsableOnce: body.isUsableOnce === true, lifetimeInMinutes: lifetime, startDateTime: new Date().toISOString() };
  entry.temporaryAccessPasses.push(method);
  const pass = randomBytes(12).toString('base64url').slice(0, 16);
  ctx.issuedTemporaryAccessPasses.push(pass);
  return ok({ '@odata.context': `${graphBaseUrl}/$metadata#users('${entry.user.id}')/authentication/temporaryAccessPassMethods/$entity`, ...method, temporaryAccessPass: pass, methodUsabilityReason: 'EnabledByPolicy', isUsable: true }, 201);
}

function select(user: User, param: string | null): { value: Record<string, unknown> } | { status: 400; message: string } {
  const wanted = param === null ? defaultUserProperties : param.split(',').map((p) => p.trim());
  const value: Record<string, unknown> = {};
  for (const p of wanted) {
    if (!selectableUserProperties.has(p)) return { status: 400, message: `Could not find a property named '${p}' on type 'microsoft.graph.user'.` };
    value[p] = (user as unknown as Record<string, unknown>)[p] ?? null;
  }
  return { value };
}

/** https://learn.microsoft.com/en-us/graph/api/user-list ($filter on mail, userPrincipalName, otherMails/any, startswith) */
function listUsers(ctx: TenantContext, graphBaseUrl: string, req: GraphRequest, e: Err): Reply {
  let entries = [...ctx.directory.values()];
  const filter = req.query.get('$filter');
  if (filter !== null) {
    const predicate = parseFilter(filter, new Set(['id', 'mail', 'userPrincipalName', 'displayName', 'mailNickname', 'otherMails']));
    if (!predicate) return e(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource \'User\'.');
    entries = entries.filter((x) => predicate(x.user as unknown as Record<string, unknown>));
  }
  const top = Number(req.query.get('$top') ?? 100);
  if (!Number.isInteger(top) || top < 1 || top > 999) return e(400, 'Request_BadRequest', "Invalid page size specified: '" + String(req.query.get('$top')) + "'. Must be between 1 and 999 inclusive.");
  const value = [];
  for (const x of entries.slice(0, top)) {
    const selected = select(x.user, req.query.get('$select'));
    if ('status' in selected) return e(400, 'Request_BadRequest', selected.message);
    value.push(selected.value);
  }
  return ok({ '@odata.context': `${graphBaseUrl}/$metadata#users`, value });
}

/**
 * Groups and directory roles, nested ones included. `$filter`, `$count` and an OData cast are advanced queries:
 * they need `ConsistencyLevel: eventual` and `$count=true`. Objects the app may not read come back as
 * `@odata.type` and `id` only.
 * https://learn.microsoft.com/en-us/graph/api/user-list-transitivememberof · https://learn.microsoft.com/en-us/graph/aad-advanced-queries
 */
function transitiveMemberOf(entry: DirectoryEntry, cast: string | undefined, req: GraphRequest, has: (p: string[]) => boolean, e: Err): Reply {
  const filter = req.query.get('$filter');
  const advanced = filter !== null || cast !== undefined || req.query.get('$count') !== null;
  if (advanced && (req.headers.consistencylevel?.toLowerCase() !== 'eventual' || req.query.get('$count') !== 'true')) {
    return e(400, 'Request_UnsupportedQuery', 'Request with $filter, $count or an OData cast requires the ConsistencyLevel header set to eventual and $count=true.');
  }
  if (cast !== undefined && cast !== 'microsoft.graph.group' && cast !== 'microsoft.graph.directoryRole') {
    return e(400, 'BadRequest', `Resource not found for the segment '${cast}'.`);
  }
  const groups = entry.groups.map((id) => (has(permissions.readGroups) ? { '@odata.type': '#microsoft.graph.group', id, securityEnabled: true } : { '@odata.type': '#microsoft.graph.group', id }));
  const roles = entry.directoryRoles.map((name) => {
    const id = roleObjectId(name);
    return has(permissions.readRoles)
      ? { '@odata.type': '#microsoft.graph.directoryRole', id, displayName: name, roleTemplateId: roleTemplateIds[name] ?? null }
      : { '@odata.type': '#microsoft.graph.directoryRole', id };
  });
  let value: Array<Record<string, unknown>> = cast === 'microsoft.graph.group' ? groups : cast === 'microsoft.graph.directoryRole' ? roles : [...groups, ...roles];
  if (filter !== null) {
    const predicate = parseFilter(filter, new Set(['id']));
    if (!predicate) return e(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
    value = value.filter(predicate);
  }
  const count = value.length;
  const top = Number(req.query.get('$top') ?? 100);
  return ok({ '@odata.count': count, value: value.slice(0, top) });
}

function roleObjectId(name: string): string {
  // Role objects have tenant-specific ids; deriving them from the template keeps them stable per run.
  const template = roleTemplateIds[name] ?? '00000000-0000-0000-0000-000000000000';
  return `${template.slice(0, 24)}${'a1b2c3d4e5f6'}`;
}

type MethodDeps = { e: Err; read: boolean; write: boolean; denied: () => Reply };

/**
 * Phone methods rules:
 * - one phone per type; a mobile before an alternateMobile — https://learn.microsoft.com/en-us/graph/api/authentication-post-phonemethods
 * - `+{country code} {number}x{extension}` or refused — https://learn.microsoft.com/en-us/graph/api/resources/phoneauthenticationmethod
 * - the request carries phoneNumber and phoneType, not the read-only smsSignInState; 201 with the object
 * - PATCH may not change the type; 204 — https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-update
 * - no deleting the mobile while an alternateMobile exists; 204 — https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-delete
 */
function phoneMethods(graphBaseUrl: string, entry: DirectoryEntry, methodId: string | undefined, req: GraphRequest, d: MethodDeps): Reply {
  const { e } = d;
  const context = `${graphBaseUrl}/$metadata#users('${entry.user.id}')/authentication/phoneMethods`;
  if (methodId === undefined) {
    if (req.method === 'GET') return d.read ? ok({ '@odata.context': context, value: entry.phoneMethods }) : d.denied();
    if (req.method !== 'POST') return e(405, 'badRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!d.write) return d.denied();
    const body = json<PhoneAuthenticationMethod>(req.body);
    if (!body) return e(400, 'badRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    if ('smsSignInState' in body) return e(400, 'badRequest', 'smsSignInState is read-only.');
    const type = body.phoneType;
    if (type !== 'mobile' && type !== 'alternateMobile' && type !== 'office') return e(400, 'badRequest', 'phoneType must be mobile, alternateMobile or office.');
    if (!isGraphPhoneNumber(body.phoneNumber)) return e(400, 'badRequest', 'Invalid phone number. Phone numbers use the format +{country code} {number}x{extension}.');
    if (entry.phoneMethods.some((p) => p.phoneType === type)) return e(400, 'badRequest', `The user already has a ${type} phone.`);
    if (type === 'alternateMobile' && !entry.phoneMethods.some((p) => p.phoneType === 'mobile')) return e(400, 'badRequest', 'A user must have a mobile phone before adding an alternateMobile phone.');
    const created = { id: phoneMethodIds[type], phoneNumber: body.phoneNumber, phoneType: type, smsSignInState: type === 'mobile' ? 'notAllowedByPolicy' : 'notSupported' } as const;
    entry.phoneMethods.push(created);
    return ok({ '@odata.context': `${context}/$entity`, ...created }, 201);
  }
  const existing = entry.phoneMethods.find((p) => p.id === methodId);
  if (req.method === 'GET') {
    if (!d.read) return d.denied();
    return existing ? ok({ '@odata.context': `${context}/$entity`, ...existing }) : e(404, 'itemNotFound', 'The phone method was not found.');
  }
  if (!d.write) return d.denied();
  if (req.method === 'PATCH') {
    if (!existing) return e(404, 'itemNotFound', 'The phone method was not found.');
    const body = json<PhoneAuthenticationMethod>(req.body);
    if (!body) return e(400, 'badRequest', 'Unable to read JSON request payload.');
    if (body.phoneType !== undefined && body.phoneType !== existing.phoneType) return e(400, 'badRequest', "A phone's type cannot be changed; add a number of the new type and delete this one.");
    if (!isGraphPhoneNumber(body.phoneNumber)) return e(400, 'badRequest', 'Invalid phone number. Phone numbers use the format +{country code} {number}x{extension}.');
    existing.phoneNumber = body.phoneNumber;
    return noContent();
  }
  if (req.method === 'DELETE') {
    if (!existing) return e(404, 'itemNotFound', 'The phone method was not found.');
    if (existing.phoneType === 'mobile' && entry.phoneMethods.some((p) => p.phoneType === 'alternateMobile')) {
      return e(400, 'badRequest', 'A user cannot have an alternateMobile number without a mobile number; update the mobile number, then delete the alternateMobile number.');
    }
    entry.phoneMethods = entry.phoneMethods.filter((p) => p !== existing);
    return noContent();
  }
  return e(405, 'badRequest', 'Specified HTTP method is not allowed for the request target.');
}

/**
 * Email method rules: one per user, id always 3ddfcfc8-…; 201 on create, 204 on update and delete.
 * https://learn.microsoft.com/en-us/graph/api/resources/emailauthenticationmethod ·
 * https://learn.microsoft.com/en-us/graph/api/authentication-post-emailmethods ·
 * https://learn.microsoft.com/en-us/graph/api/emailauthenticationmethod-update ·
 * https://learn.microsoft.com/en-us/graph/api/emailauthenticationmethod-delete
 */
function emailMethods(graphBaseUrl: string, entry: DirectoryEntry, methodId: string | undefined, req: GraphRequest, d: MethodDeps): Reply {
  const { e } = d;
  const context = `${graphBaseUrl}/$metadata#users('${entry.user.id}')/authentication/emailMethods`;
  if (methodId === undefined) {
    if (req.method === 'GET') return d.read ? ok({ '@odata.context': context, value: entry.emailMethods }) : d.denied();
    if (req.method !== 'POST') return e(405, 'badRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!d.write) return d.denied();
    const body = json<EmailAuthenticationMethod>(req.body);
    if (!body || !isEmailAddress(body.emailAddress)) return e(400, 'badRequest', 'emailAddress is missing or not a valid email address.');
    if (entry.emailMethods.length > 0) return e(400, 'badRequest', 'Users may only have one email authentication method.');
    const created = { id: emailMethodId, emailAddress: body.emailAddress };
    entry.emailMethods.push(created);
    return ok({ '@odata.context': `${context}/$entity`, ...created }, 201);
  }
  const existing = entry.emailMethods.find((m) => m.id === methodId);
  if (req.method === 'GET') {
    if (!d.read) return d.denied();
    return existing ? ok({ '@odata.context': `${context}/$entity`, ...existing }) : e(404, 'itemNotFound', 'The email method was not found.');
  }
  if (!d.write) return d.denied();
  if (!existing) return e(404, 'itemNotFound', 'The email method was not found.');
  if (req.method === 'PATCH') {
    const body = json<EmailAuthenticationMethod>(req.body);
    if (!body || !isEmailAddress(body.emailAddress)) return e(400, 'badRequest', 'emailAddress is missing or not a valid email address.');
    existing.emailAddress = body.emailAddress;
    return noContent();
  }
  if (req.method === 'DELETE') {
    entry.emailMethods = [];
    return noContent();
  }
  return e(405, 'badRequest', 'Specified HTTP method is not allowed for the request target.');
}

/**
 * PATCH /users/{id} with a passwordProfile: the permission, then a directory role able to reset this user (its
 * scope included), then no on-premises mastered account, then the password policy; 204.
 * https://learn.microsoft.com/en-us/graph/api/user-update · https://learn.microsoft.com/en-us/graph/api/resources/passwordprofile
 */
function updateUser(
  ctx: TenantContext,
  req: GraphRequest,
  entry: DirectoryEntry | undefined,
  caller: Caller,
  d: { e: Err; notFound: () => Reply; denied: () => Reply },
): Reply {
  const { e } = d;
  const body = json<User>(req.body);
  if (!body) return e(400, 'Request_BadRequest', 'Unable to read JSON request payload.');
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'passwordProfile') return e(400, 'Request_BadRequest', 'This local service only updates passwordProfile.');
  if (!caller.roles.some((r) => permissions.writePassword.includes(r))) return d.denied();
  if (!entry) return d.notFound();
  if (!canResetPassword(ctx.appDirectoryRoles, entry)) return d.denied();
  if (entry.user.onPremisesSyncEnabled === true) {
    return e(400, 'Request_BadRequest', 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.');
  }
  const profile = body.passwordProfile ?? {};
  // Without a new password the request changes nothing and still answers 204.
  if (typeof profile.password !== 'string') return noContent();
  if (!passwordMeetsPolicy(profile.password)) {
    return e(400, 'Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  entry.password = profile.password;
  entry.passwordProfile = { forceChangePasswordNextSignIn: profile.forceChangePasswordNextSignIn ?? false };
  return noContent();
}

function json<T>(text: string): (T & Record<string, unknown>) | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as T & Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
