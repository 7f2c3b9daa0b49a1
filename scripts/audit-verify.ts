import { runAuditVerify } from '../electron/core/audit/audit-verify-command';

process.exitCode = await runAuditVerify(process.argv.slice(2), process.stdout);
