import type { RequestName, RequestOf, ResultOf } from '../../shared/contract';

/**
 * The main side's answer to one request, typed by the contract: given the payload its schema checked, it resolves to
 * exactly what the renderer's `invoke` of that request expects.
 */
export type Handler<K extends RequestName, C> = (ctx: C, payload: RequestOf<K>) => Promise<ResultOf<K>>;

/** One handler per request of `N`: a request with no handler, or a handler answering another shape, does not compile. */
export type HandlerTable<C, N extends RequestName = RequestName> = { [K in N]: Handler<K, C> };
