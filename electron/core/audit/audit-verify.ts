import { readFileSync } from 'node:fs';
import { genesisMac, headerEvent, keyId, macHolds, parseChainLine, type ChainLine } from './audit-chain';

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'malformed' | 'key';
/** `from`: where the first file given continues from (its header), when that is not the start of the chain. */
export type AuditVerdict =
  | { ok: true; lines: number; from?: { file: string; seq: number } }
  | { ok: false; file: string; line: number; problem: AuditProblem };
/** What the state store recorded as the newest line: its MAC and its sequence number. */
export type AuditHead = { hash: string; count: number };

type Place = { file: string; line: number };
type Loaded = { file: string; lines: string[]; parsed: (ChainLine | undefined)[]; order: number };

/** Lines of one file, or of one device in the fleet's audit table: `file` names it in the verdict. */
export type AuditSource = { file: string; lines: string[] };

function readSource(file: string): AuditSource {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { file, lines };
}

const load = ({ file, lines }: AuditSource, order: number): Loaded => ({ file, lines, parsed: lines.map(parseChainLine), order });

const firstSeqOf = (f: Loaded) => f.parsed.find((p) => p !== undefined)?.seq ?? Number.POSITIVE_INFINITY;

/**
 * Walks the chain through `files`, given in any order (they are put in seq order), checking each line's MAC with
 * `key`. A file that starts with its `audit.file` header may start anywhere in the chain; otherwise the chain
 * must start at seq 1. Tells apart: a MAC that does not hold → 'edited' (or 'key' when no line holds: another
 * key, or a log re-chained without it); a seq that jumps ahead → 'deleted', or 'reordered' when the missing
 * line comes later; a seq seen before → 'inserted'. Lines cut from the end show only against `expectedHead`.
 * Read errors are thrown.
 */
export function verifyAudit(files: string[], key: string, expectedHead?: AuditHead): AuditVerdict {
  return verifyAuditSources(files.map(readSource), key, expectedHead);
}

/** `verifyAudit` over lines already read. */
export function verifyAuditSources(sources: AuditSource[], key: string, expectedHead?: AuditHead): AuditVerdict {
  const set = sources
    .map(load)
    .sort((a, b) => firstSeqOf(a) - firstSeqOf(b) || a.order - b.order);
  const broken = (at: Place, problem: AuditProblem): AuditVerdict => ({ ok: false, file: at.file, line: at.line, problem });

  const seen = new Map<number, number>();
  let total = 0;
  let holding = 0;
  for (const f of set) {
    for (const p of f.parsed) {
      total += 1;
      if (!p) continue;
      seen.set(p.seq, (seen.get(p.seq) ?? 0) + 1);
      if (macHolds(key, p)) holding += 1;
    }
  }
  if (total > 0 && holding === 0 && set.some((f) => f.parsed.some(Boolean))) {
    const first = set.find((f) => f.parsed.some(Boolean))!;
    return broken({ file: first.file, line: first.parsed.findIndex(Boolean) + 1 }, 'key');
  }

  let started = false;
  let seq = 0;
  let prev = genesisMac;
  let previous: Place | undefined;
  let from: { file: string; seq: number } | undefined;
  let end: Place | undefined;
  let firstBeyondHead: Place | undefined;

  for (const f of set) {
    for (const [i, line] of f.parsed.entries()) {
      const here = { file: f.file, line: i + 1 };
      if (!line) return broken(here, 'malformed');
      if (line.event === headerEvent && line.detail.keyId !== keyId(key)) return broken(here, 'key');
      if (!macHolds(key, line)) return broken(here, 'edited');
      if (line.event === headerEvent && i > 0) return broken(here, 'inserted');
      if (!started) {
        started = true;
        if (line.event === headerEvent) {
          const previousSeq = Number(line.detail.previousSeq);
          if (line.seq !== previousSeq + 1 || line.prev !== line.detail.previousMac) return broken(here, 'malformed');
          if (previousSeq > 0) from = { file: String(line.detail.previousFile ?? '?'), seq: previousSeq };
          seq = previousSeq;
          prev = line.prev;
        } else if (line.seq !== 1 || line.prev !== genesisMac) {
          return broken(here, 'deleted');
        }
      }
      if (line.seq > seq + 1) return broken(here, seen.has(seq + 1) ? 'reordered' : 'deleted');
      if (line.seq < seq + 1) return broken(here, (seen.get(line.seq) ?? 0) > 1 ? 'inserted' : 'reordered');
      if (line.prev !== prev) return broken(previous ?? here, 'edited');
      if (expectedHead && line.seq === expectedHead.count + 1) firstBeyondHead = here;
      seq = line.seq;
      prev = line.mac;
      previous = here;
    }
    end = { file: f.file, line: f.lines.length + 1 };
  }

  if (expectedHead) {
    if (seq < expectedHead.count) return broken(end ?? { file: '', line: 1 }, 'truncated');
    if (firstBeyondHead) return broken(firstBeyondHead, 'inserted');
    if (expectedHead.count > 0 && prev !== expectedHead.hash) return broken(previous!, 'edited');
  }
  return { ok: true, lines: total, ...(from ? { from } : {}) };
}
