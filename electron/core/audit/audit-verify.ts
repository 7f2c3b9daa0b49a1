import { readFileSync } from 'node:fs';
import { genesisHash, lineHash, parseChainFields } from './audit-log';

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'truncated' | 'malformed';
export type AuditVerdict = { ok: true; lines: number } | { ok: false; file: string; line: number; problem: AuditProblem };
/** What the state store recorded as the newest line: its hash and its sequence number (the line count). */
export type AuditHead = { hash: string; count: number };

type Place = { file: string; line: number };

function linesOf(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Walks the chain through `files` in order (oldest rotated file first), from the very first line (seq 1).
 * Each line must follow the one before by exactly one seq and carry its hash, which tells apart:
 * a seq that jumps ahead → 'deleted' (lines missing before it); a seq that repeats or goes back → 'inserted';
 * the right seq with the wrong `prev` → 'edited' (the line before it changed). An edit of the newest line,
 * and deleted lines at the end, show only against `expectedHead`. Read errors are thrown.
 */
export function verifyAudit(files: string[], expectedHead?: AuditHead): AuditVerdict {
  let seq = 0;
  let prev = genesisHash;
  let previous: Place | undefined;
  let lines = 0;
  let end: Place | undefined;
  let firstBeyondHead: Place | undefined;
  const broken = (at: Place, problem: AuditProblem): AuditVerdict => ({ ok: false, file: at.file, line: at.line, problem });

  for (const file of files) {
    const fileLines = linesOf(file);
    for (const [i, text] of fileLines.entries()) {
      const here = { file, line: i + 1 };
      const fields = parseChainFields(text);
      if (!fields) return broken(here, 'malformed');
      if (fields.seq > seq + 1) return broken(here, 'deleted');
      if (fields.seq < seq + 1) return broken(here, 'inserted');
      if (fields.prev !== prev) return broken(previous ?? here, 'edited');
      if (expectedHead && fields.seq === expectedHead.count + 1) firstBeyondHead = here;
      seq = fields.seq;
      prev = lineHash(text);
      previous = here;
      lines += 1;
    }
    end = { file, line: fileLines.length + 1 };
  }

  if (expectedHead) {
    if (seq < expectedHead.count) return broken(end ?? { file: '', line: 1 }, 'truncated');
    if (firstBeyondHead) return broken(firstBeyondHead, 'inserted');
    if (expectedHead.count > 0 && prev !== expectedHead.hash) return broken(previous!, 'edited');
  }
  return { ok: true, lines };
}

/** The seq of a file's first line, so files given in any order (a shell glob past 999,999) can be put in chain order. */
export function firstSeq(file: string): number {
  const first = linesOf(file).find((l) => l !== '');
  return (first !== undefined && parseChainFields(first)?.seq) || Number.POSITIVE_INFINITY;
}
