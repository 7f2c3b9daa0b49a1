import type { RecoveryOption, Channel, MethodKind } from '../../../shared/steps';
import type { Account, Methods, PendingRedirectSignIn } from '../backends/identity-backend';
import type { Challenge } from '../verify/codes';
import type { CaptchaChallenge } from '../verify/captcha/captcha-service';
import type { CoreFlow } from './flow';

/** A code that went out, with everything needed to check it; lives only in its visitor's session. */
export type SentChallenge = {
  challenge: Challenge;
  channel: Channel;
  destination: string;
  resendAt: number;
};

export type EnrollmentState =
  | { step: 'signin-identifier'; identifier: string }
  | { step: 'signin-password'; identifier: string }
  | { step: 'signin-external'; identifier: string; signIn: ExternalSignInState }
  | { step: 'security-info'; account: Account; methods: Methods; thanks: boolean }
  | { step: 'enroll-phone'; account: Account; methods: Methods; country: string; number: string; sent?: SentChallenge }
  | { step: 'enroll-email'; account: Account; methods: Methods; address: string; sent?: SentChallenge }
  /** The sign-in is older than `enrollment.reauthMinutes`: the password again before `method` is added or changed. */
  | { step: 'reauth-password'; account: Account; methods: Methods; method: MethodKind };

/** A sign-in on the directory's own page, waiting for its redirect: the PKCE verifier and nonce stay here. */
export type ExternalSignInState = {
  url: string;
  pending: PendingRedirectSignIn;
  expiresAt: number;
  /** The visitor opened the page: the transport shows it (or the screen's popup does), the idle timer waits for it. */
  opened: boolean;
};

/** What a visitor's connection can do for a sign-in on the directory's page; a wipe keeps it for the next session. */
export type SessionTransport = {
  /** The loopback port this connection receives the redirect on (the browser host), instead of the registered URI's. */
  signInRedirectPort?: number;
  /** The main side shows the sign-in page in its own window (Electron); otherwise the screen opens a popup. */
  showsSignInPage: boolean;
};

/** Who the visitor claims to be: a real account with usable methods, or a decoy that looks the same. */
export type RecoveryTarget = {
  /** Throttle key: the account id, or an HMAC of the normalized identifier for decoys. */
  key: string;
  account?: Account;
  /** Real destinations by option id; empty for decoys. */
  destinations: Record<string, string>;
  options: RecoveryOption[];
};

export type RecoveryState =
  | { step: 'recovery-identify'; identifier: string; captcha?: { challenge: CaptchaChallenge; image: string } }
  | {
      step: 'recovery-verify';
      target: RecoveryTarget;
      gate: number;
      gates: number;
      /** Method kinds already proven in earlier gates. */
      passed: MethodKind[];
      selected?: string;
      sent?: SentChallenge;
    }
  | { step: 'recovery-password'; target: RecoveryTarget; account: Account; gates: number };

/** Guichet's flows, each stepped by its module in `flows.ts`. */
export type FlowState =
  | CoreFlow
  | { kind: 'enrollment'; startedAt: number; state: EnrollmentState }
  | { kind: 'recovery'; startedAt: number; state: RecoveryState }
  | { kind: 'helpdesk'; context: 'no-method' | 'contact-admin'; back?: FlowState };

export type Session<F extends { kind: string } = FlowState> = {
  id: string;
  token: string;
  locale: string;
  flow: F;
  /** What the visitor typed as identifier, for the account chip. */
  chip?: string;
  /** When the password (or the directory's page) last proved who is at the screen, and with which identifier. */
  signedIn?: { at: number; identifier: string };
  lastActivity: number;
  transport?: SessionTransport;
};
