import { runAuditVerify } from '../electron/core/cli/audit-verify-command';

process.exitCode = await runAuditVerify(process.argv.slice(2), { out: process.stdout, env: process.env, platform: process.platform, installed: false });
