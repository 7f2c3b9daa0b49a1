import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { auditCountKey, auditHeadKey, rotatedFiles } from './audit-log';
import { firstSeq, verifyAudit, type AuditHead } from './audit-verify';

const usage = [
  'usage: audit-verify [--state STATE.sqlite] AUDIT.jsonl...',
  '  Checks the hash chain of AUDIT.jsonl and of its rotated files (AUDIT.000001.jsonl, ...), found beside it.',
  '  --state  the state store of the same kiosk: also checks that no line is missing at the end.',
  '',
].join('\n');

function readHead(statePath: string): AuditHead | undefined {
  const store = new SqliteStateStore(statePath, { readonly: true });
  try {
    const hash = store.getValue(auditHeadKey);
    const count = Number(store.getValue(auditCountKey));
    return hash !== undefined && Number.isSafeInteger(count) ? { hash, count } : undefined;
  } finally {
    store.close();
  }
}

/**
 * `audit verify` for both the npm script and the app's command line. Exit codes: 0 the chain holds,
 * 1 it is broken, 2 the command could not run (usage, unreadable file).
 */
export async function runAuditVerify(argv: readonly string[], out: { write(text: string): unknown }): Promise<number> {
  let statePath: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      out.write(usage);
      return 0;
    } else if (arg === '--state') {
      statePath = argv[++i];
      if (statePath === undefined) return fail(out, '--state needs a file');
    } else if (arg.startsWith('--state=')) {
      statePath = arg.slice('--state='.length);
    } else if (arg.startsWith('-')) {
      return fail(out, `unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return fail(out, 'no audit file given');

  for (const file of [...files, ...(statePath ? [statePath] : [])]) {
    if (!existsSync(file)) return fail(out, `cannot read ${file}`);
  }

  try {
    const head = statePath === undefined ? undefined : readHead(statePath);
    if (statePath !== undefined && head === undefined) out.write(`note: ${statePath} records no audit head; the end of the log is not checked\n`);
    const chain = new Map<string, string>();
    for (const file of files.flatMap((f) => [...rotatedFiles(f), f])) if (!chain.has(resolve(file))) chain.set(resolve(file), file);
    const ordered = [...chain.values()].map((file, i) => ({ file, i, seq: firstSeq(file) })).sort((a, b) => a.seq - b.seq || a.i - b.i);
    const verdict = verifyAudit(ordered.map((f) => f.file), head);
    if (verdict.ok) {
      out.write(`OK: ${verdict.lines} lines\n`);
      return 0;
    }
    out.write(`BROKEN: ${verdict.file} line ${verdict.line}: ${verdict.problem}\n`);
    return 1;
  } catch (error) {
    return fail(out, error instanceof Error ? error.message : String(error));
  }
}

function fail(out: { write(text: string): unknown }, message: string): number {
  out.write(`${message}\n${usage}`);
  return 2;
}
