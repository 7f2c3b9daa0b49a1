import { z } from 'zod';
import { secretRef } from './secret-ref';

const syslog = z
  .strictObject({
    host: z.string().min(1).describe('SIEM or syslog relay receiving RFC 5424 messages over TLS (RFC 5425).'),
    port: z.number().int().min(1).max(65535).default(6514).describe('TLS syslog port.'),
    caFile: z.string().min(1).describe('PEM file of the CA that signed the receiver\'s certificate (relative to the working folder or absolute).'),
    certFile: z.string().min(1).optional().describe('PEM client certificate, when the receiver asks for one.'),
    keyFile: z.string().min(1).optional().describe('PEM private key of certFile.'),
    spoolMegabytes: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(200)
      .describe('Most disk the lines waiting for the receiver may take in the data folder; a full spool is a fault in the attendant menu.'),
  })
  .check((ctx) => {
    if ((ctx.value.certFile === undefined) !== (ctx.value.keyFile === undefined)) {
      ctx.issues.push({ code: 'custom', message: 'set both certFile and keyFile, or neither', path: ['certFile'], input: ctx.value.certFile });
    }
  })
  .optional()
  .describe('Also send each audit line to a SIEM, at least once, behind the local file.');

export const auditSection = z
  .strictObject({
    path: z.string().optional().describe('Audit log file (default: audit.jsonl in the data folder).'),
    key: secretRef
      .optional()
      .describe('HMAC key of the audit chain, as secret:NAME, shared by the fleet (required with audit.syslog and with state.type "postgres"). Default: a key made at first start and kept in the OS keychain.'),
    keepDays: z.number().int().min(1).max(36_500).default(400).describe('Rotated audit files whose newest line is older than this are deleted, with an audit.pruned line.'),
    syslog,
  })
  .prefault({});
