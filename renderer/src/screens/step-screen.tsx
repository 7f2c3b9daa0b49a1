import type { Step } from '../../../shared/steps';
import { AccountLockedScreen } from './account-locked';
import { EnrollEmailScreen } from './enroll-email';
import { EnrollPhoneScreen } from './enroll-phone';
import { HelpdeskScreen } from './helpdesk';
import { HomeScreen } from './home';
import { OutOfServiceScreen } from './out-of-service';
import { RecoveryDoneScreen } from './recovery-done';
import { RecoveryIdentifyScreen } from './recovery-identify';
import { RecoveryPasswordScreen } from './recovery-password';
import { RecoveryVerifyScreen } from './recovery-verify';
import { SecurityInfoScreen } from './security-info';
import { SigninExternalScreen } from './signin-external';
import { SigninIdentifierScreen } from './signin-identifier';
import { SigninPasswordScreen } from './signin-password';
import { UnavailableScreen } from './unavailable';

/** The screen of the main side's step; a step added to `Step` without a screen fails to compile here. */
export const StepScreen = ({ step }: { step: Step }) => {
  switch (step.name) {
    case 'home':
      return <HomeScreen />;
    case 'out-of-service':
      return <OutOfServiceScreen />;
    case 'unavailable':
      return <UnavailableScreen />;
    case 'signin-identifier':
      return <SigninIdentifierScreen step={step} />;
    case 'signin-password':
      return <SigninPasswordScreen step={step} />;
    case 'signin-external':
      return <SigninExternalScreen step={step} />;
    case 'account-locked':
      return <AccountLockedScreen />;
    case 'security-info':
      return <SecurityInfoScreen step={step} />;
    case 'enroll-phone':
      return <EnrollPhoneScreen step={step} />;
    case 'enroll-email':
      return <EnrollEmailScreen step={step} />;
    case 'recovery-identify':
      return <RecoveryIdentifyScreen step={step} />;
    case 'recovery-verify':
      return <RecoveryVerifyScreen step={step} />;
    case 'recovery-password':
      return <RecoveryPasswordScreen step={step} />;
    case 'recovery-done':
      return <RecoveryDoneScreen />;
    case 'helpdesk':
      return <HelpdeskScreen step={step} />;
    default:
      return unreachable(step);
  }
};

const unreachable = (step: never): never => {
  throw new Error(`no screen for step ${(step as { name: string }).name}`);
};
