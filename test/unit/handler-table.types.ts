/**
 * Type-level checks of `HandlerTable`, run by `tsc -p .`: each `@ts-expect-error` line must be an error, so a table
 * that accepted a wrong result shape or a missing handler would fail the type-check ("unused '@ts-expect-error'").
 */
import type { ViewResult } from '../../shared/contract';
import type { HandlerTable } from '../../electron/core/handlers';

type Ctx = { answer(): ViewResult };

export const complete: HandlerTable<Ctx, 'view.get' | 'attendant.close'> = {
  'view.get': async (c) => c.answer(),
  'attendant.close': async () => ({ ok: true }),
};

export const wrongResult: HandlerTable<Ctx, 'view.get' | 'attendant.close'> = {
  // `view.get` answers a view; `{ ok: true }` alone is what an attendant action answers.
  // @ts-expect-error a handler answering another request's shape
  'view.get': async () => ({ ok: true }),
  'attendant.close': async () => ({ ok: true }),
};

// @ts-expect-error a table with no handler for 'attendant.close'
export const missingHandler: HandlerTable<Ctx, 'view.get' | 'attendant.close'> = {
  'view.get': async (c) => c.answer(),
};

export const wrongPayload: HandlerTable<Ctx, 'locale.set'> = {
  // @ts-expect-error the payload is the schema's output: `locale.set` carries `locale`, not `language`
  'locale.set': async (c, p: { language: string }) => (p.language ? c.answer() : c.answer()),
};
