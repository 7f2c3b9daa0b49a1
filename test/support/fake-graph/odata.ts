/**
 * The slice of OData `$filter` that directory objects support by default and that a lookup needs:
 * `prop eq 'v'`, `startswith(prop,'v')`, `otherMails/any(x:x eq 'v')`, joined by `or`. String literals double
 * their quotes; comparisons on directory strings ignore case.
 * https://learn.microsoft.com/en-us/graph/filter-query-parameter · https://learn.microsoft.com/en-us/graph/query-parameters#escaping-single-quotes
 * Anything else is refused the way Graph refuses an unsupported query, so a sloppy filter fails here first.
 */
export type Filterable = Record<string, unknown>;
export type Predicate = (item: Filterable) => boolean;

const literal = String.raw`'((?:[^']|'')*)'`;
const clauses: Array<{ re: RegExp; build(m: RegExpExecArray): Predicate }> = [
  {
    re: new RegExp(String.raw`^(\w+) eq ${literal}`),
    build: (m) => (item) => equals(item[m[1]!], unquote(m[2]!)),
  },
  {
    re: new RegExp(String.raw`^startswith\((\w+), ?${literal}\)`, 'i'),
    build: (m) => (item) => {
      const v = item[m[1]!];
      return typeof v === 'string' && v.toLowerCase().startsWith(unquote(m[2]!).toLowerCase());
    },
  },
  {
    re: new RegExp(String.raw`^(\w+)/any\((\w+): ?\2 eq ${literal}\)`),
    build: (m) => (item) => {
      const v = item[m[1]!];
      return Array.isArray(v) && v.some((x) => equals(x, unquote(m[3]!)));
    },
  },
];

/** Null when the filter is outside what is supported (Graph answers 400 Request_UnsupportedQuery). */
export function parseFilter(filter: string, filterable: ReadonlySet<string>): Predicate | null {
  const predicates: Predicate[] = [];
  let rest = filter.trim();
  for (;;) {
    const clause = clauses.map((c) => ({ c, m: c.re.exec(rest) })).find((x) => x.m !== null);
    if (!clause?.m) return null;
    if (!filterable.has(clause.m[1]!)) return null;
    predicates.push(clause.c.build(clause.m));
    rest = rest.slice(clause.m[0].length);
    if (rest.length === 0) break;
    const or = /^ or /i.exec(rest);
    if (!or) return null;
    rest = rest.slice(or[0].length);
  }
  return (item) => predicates.some((p) => p(item));
}

function unquote(v: string): string {
  return v.replace(/''/g, "'");
}

function equals(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
