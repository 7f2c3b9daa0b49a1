import { randomUUID } from 'node:crypto';
import type {
  AuthenticationPhoneType,
  EmailAuthenticationMethod,
  PasswordProfile,
  PhoneAuthenticationMethod,
  User,
} from '@microsoft/microsoft-graph-types';

/** A user of the fake tenant, as a test describes it. */
export type FakeUser = {
  /** Object id; one is made up when absent. */
  id?: string;
  userPrincipalName: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  otherMails?: string[];
  accountEnabled?: boolean;
  /** Synchronized from on-premises AD: Graph will not set its password. */
  onPremisesSyncEnabled?: boolean;
  password: string;
  /** Directory roles held, by display name ('Global Administrator', 'Helpdesk Administrator', …). */
  directoryRoles?: string[];
  /** Object ids of the groups the user belongs to. */
  groups?: string[];
  /** Object ids of the administrative units the user belongs to. */
  administrativeUnits?: string[];
  phoneMethods?: Array<{ phoneType: 'mobile' | 'alternateMobile' | 'office'; phoneNumber: string }>;
  emailMethod?: string;
  /** A Conditional Access policy blocks this user's interactive sign-in. */
  signInBlocked?: boolean;
  department?: string;
  jobTitle?: string;
  employeeId?: string;
  /** The profile photo's bytes and media type; Graph answers 404 for a user without one. */
  photo?: { type: string; data: Buffer };
};

export type DirectoryEntry = {
  user: User & { id: string; userPrincipalName: string };
  password: string;
  passwordProfile: PasswordProfile;
  phoneMethods: Array<PhoneAuthenticationMethod & { id: string; phoneType: AuthenticationPhoneType; phoneNumber: string }>;
  emailMethods: Array<EmailAuthenticationMethod & { id: string; emailAddress: string }>;
  directoryRoles: string[];
  groups: string[];
  administrativeUnits: string[];
  signInBlocked: boolean;
  photo?: { type: string; data: Buffer };
  /** Temporary Access Passes issued, as Graph keeps them: the pass itself is only in the answer to the POST. */
  temporaryAccessPasses: Array<{ id: string; isUsableOnce: boolean; lifetimeInMinutes: number; startDateTime: string }>;
};

/**
 * Fixed method ids: https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-update (one id per phone
 * type) and https://learn.microsoft.com/en-us/graph/api/resources/emailauthenticationmethod ("always 3ddfcfc8-…").
 */
export const phoneMethodIds: Record<'mobile' | 'alternateMobile' | 'office', string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};
export const emailMethodId = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

/** Role template ids of the built-in roles a test may hand out. https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference */
export const roleTemplateIds: Record<string, string> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
};

/**
 * Who may reset whom: Global and Privileged Authentication Administrators anybody; User, Helpdesk and Password
 * Administrators only users without a role or with one of a few limited roles.
 * https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions
 */
const resetsAnybody = new Set(['Global Administrator', 'Privileged Authentication Administrator']);
const resetsNonAdmins = new Set(['User Administrator', 'Helpdesk Administrator', 'Password Administrator']);
const limitedRoles = new Set(['Directory Readers', 'Guest Inviter', 'Helpdesk Administrator', 'Message Center Reader', 'Password Administrator', 'Reports Reader']);

export type AppRoleAssignment = { role: string; administrativeUnit?: string };

export function canResetPassword(app: AppRoleAssignment[], target: DirectoryEntry): boolean {
  return app.some((a) => {
    if (a.administrativeUnit !== undefined && !target.administrativeUnits.includes(a.administrativeUnit)) return false;
    if (resetsAnybody.has(a.role)) return true;
    return resetsNonAdmins.has(a.role) && target.directoryRoles.every((r) => limitedRoles.has(r));
  });
}

/**
 * `+{country code} {number}x{extension}`, extension optional: "Numbers are rejected when creating or updating if
 * they don't match the required format." https://learn.microsoft.com/en-us/graph/api/resources/phoneauthenticationmethod
 */
export function isGraphPhoneNumber(value: unknown): value is string {
  return typeof value === 'string' && /^\+[1-9]\d{0,2} \d{4,14}(x\d{1,10})?$/.test(value);
}

export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/**
 * Entra's cloud password policy: 8 to 256 characters from an ASCII set (no Unicode), three of lowercase,
 * uppercase, digits and symbols — https://learn.microsoft.com/en-us/entra/identity/authentication/concept-sspr-policy —
 * and no term of the banned password list after normalization (a few entries of it here) —
 * https://learn.microsoft.com/en-us/entra/identity/authentication/concept-password-ban-bad
 */
export function passwordMeetsPolicy(password: string): boolean {
  if (password.length < 8 || password.length > 256) return false;
  if (!/^[A-Za-z0-9@#$%^&*\-_!+=[\]{}|\\:',.?/`~"();<> ]+$/.test(password)) return false;
  const categories = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (categories < 3) return false;
  const normalized = password.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace(/\$/g, 's').replace(/@/g, 'a').replace(/3/g, 'e');
  return !bannedTerms.some((t) => normalized.includes(t));
}

const bannedTerms = ['password', 'motdepasse', 'azerty', 'qwerty', 'welcome', 'letmein'];

export function createEntry(u: FakeUser): DirectoryEntry {
  const id = u.id ?? randomUUID();
  return {
    user: {
      id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
      givenName: u.givenName ?? null,
      surname: u.surname ?? null,
      mail: u.mail ?? null,
      otherMails: u.otherMails ?? [],
      mailNickname: u.userPrincipalName.split('@')[0] ?? null,
      accountEnabled: u.accountEnabled ?? true,
      onPremisesSyncEnabled: u.onPremisesSyncEnabled ?? null,
      businessPhones: [],
      jobTitle: u.jobTitle ?? null,
      department: u.department ?? null,
      employeeId: u.employeeId ?? null,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'fr-FR',
    },
    password: u.password,
    passwordProfile: { forceChangePasswordNextSignIn: false },
    phoneMethods: (u.phoneMethods ?? []).map((p) => ({
      id: phoneMethodIds[p.phoneType],
      phoneType: p.phoneType,
      phoneNumber: p.phoneNumber,
      smsSignInState: p.phoneType === 'mobile' ? 'notAllowedByPolicy' : 'notSupported',
    })),
    emailMethods: u.emailMethod ? [{ id: emailMethodId, emailAddress: u.emailMethod }] : [],
    directoryRoles: u.directoryRoles ?? [],
    groups: u.groups ?? [],
    administrativeUnits: u.administrativeUnits ?? [],
    signInBlocked: u.signInBlocked ?? false,
    ...(u.photo ? { photo: u.photo } : {}),
    temporaryAccessPasses: [],
  };
}

/** Properties a v1.0 GET returns without $select. https://learn.microsoft.com/en-us/graph/api/user-get */
export const defaultUserProperties = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const selectableUserProperties = new Set([...defaultUserProperties, 'accountEnabled', 'otherMails', 'onPremisesSyncEnabled', 'mailNickname', 'department', 'employeeId']);
