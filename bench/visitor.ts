import type { RequestName } from '../shared/contract';
import type { View } from '../shared/steps';
import type { Core, CoreConnection } from '../electron/core/transport';

type Answer = { ok: boolean; view?: View; error?: { code: string; reason?: string } };

/**
 * One visitor on one connection, as a window or a browser tab is: it echoes the step token of the last view,
 * and refuses to go on when a request did not lead where the bench expected (a bench must time the path it
 * claims to time, not an error screen).
 */
export class Visitor {
  readonly connection: CoreConnection;
  view!: View;

  private constructor(core: Core) {
    this.connection = core.connect({ send: () => undefined });
  }

  static async open(core: Core): Promise<Visitor> {
    const visitor = new Visitor(core);
    const answer = (await visitor.connection.handle('view.get', {})) as Answer;
    if (!answer.view) throw new Error('view.get answered no view');
    visitor.view = answer.view;
    return visitor;
  }

  /** Sends a flow request with the current token; throws unless it succeeds and shows `expect`. */
  async act(name: RequestName, payload: Record<string, unknown>, expect: View['step']['name']): Promise<View> {
    const answer = (await this.connection.handle(name, { token: this.view.token, ...payload })) as Answer;
    if (answer.view) this.view = answer.view;
    if (!answer.ok || answer.view?.step.name !== expect) {
      const error = answer.error ? ` (${answer.error.code}${answer.error.reason ? `: ${answer.error.reason}` : ''})` : '';
      throw new Error(`${name} led to ${answer.view?.step.name ?? 'no view'}${error}, expected ${expect}`);
    }
    return this.view;
  }

  close(): void {
    this.connection.close('connection-closed');
  }
}
