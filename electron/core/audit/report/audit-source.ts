import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseChainLine, type ChainLine } from '../audit-chain';
import { rotatedFiles } from '../audit-log';

/** What the report asks of a trail; a source may use it to read less, and the report checks every line anyway. */
export type SourceFilter = { kiosks?: ReadonlySet<string> };

/** One line of a trail, or a line that is not one the chain writes (counted as unread, never guessed at). */
export type SourceLine = ChainLine | { unreadable: true };

/**
 * Where the report reads the trail: the audit files, or (later) the fleet's shared database. Lines come one at a
 * time, in any order, so a year of events is never held in memory.
 */
export interface AuditSource {
  /** Names the trail for the report's reader: files, or a database. */
  readonly description: string;
  lines(filter: SourceFilter): AsyncIterable<SourceLine>;
}

/**
 * The files given and the rotated files beside each (`audit.000001.jsonl`…), once each: what `audit verify` reads.
 */
export function chainFiles(files: readonly string[]): string[] {
  const chain = new Map<string, string>();
  for (const file of files.flatMap((f) => [...rotatedFiles(f), f])) if (!chain.has(resolve(file))) chain.set(resolve(file), file);
  return [...chain.values()];
}

/** The audit files of one or more devices, streamed line by line. */
export class AuditFilesSource implements AuditSource {
  readonly files: readonly string[];
  /** The files as given: the rotated files read with each are implied, as with `audit verify`. */
  readonly description: string;

  constructor(files: readonly string[]) {
    this.files = chainFiles(files);
    this.description = files.join(', ');
  }

  async *lines(): AsyncIterable<SourceLine> {
    for (const file of this.files) {
      const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const text of reader) {
        if (text === '') continue;
        yield parseChainLine(text) ?? { unreadable: true };
      }
    }
  }
}
