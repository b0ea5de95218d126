/**
 * The one invoke dispatcher, used by both bridges (the Electron IPC adapter after its sender
 * check, the browser host after its secret, Host and Origin checks): check the channel and the
 * number of arguments, validate the input with the channel's schema, call the handler, and turn
 * anything that goes wrong into an `InvokeReply` that says what to do. It never throws, and what
 * it answers passes the secret guard. `outputFromReply` (src-shared) turns the reply into what
 * the AppApi promises on the other side, the same way for both bridges.
 */
import { isInvokeChannel, parseInvokeInput, type InvokeChannel, type InvokeHandlers, type InvokeReply } from '../../../src-shared/contract';
import type { AppError } from '../../../src-shared/domain';
import { silentLogger, type Logger } from '../ports';
import type { SecretGuard } from '../security/secret-guard';

/** What a throwing handler is reported as: never its own text (it may hold anything). */
export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong in the console and nothing was changed. Try again; if it keeps happening, use "Copy diagnostics" and send the report to your administrator.';

export interface InvokeDispatcherOptions {
  handlers: InvokeHandlers;
  guard?: SecretGuard;
  log?: Logger;
}

export type InvokeDispatcher = (channel: unknown, args: readonly unknown[]) => Promise<InvokeReply>;

const failed = (error: AppError): InvokeReply => ({ ok: false, error });

/** Creates the dispatcher over validated-input handlers. */
export function createInvokeDispatcher(options: InvokeDispatcherOptions): InvokeDispatcher {
  const log = options.log ?? silentLogger;
  const guard = options.guard;
  return async (channel, args) => {
    try {
      if (!isInvokeChannel(channel)) return failed({ code: 'bad-input', message: 'Unknown request. Reload the window.' });
      if (!Array.isArray(args) || args.length > 1) {
        return failed({ code: 'bad-input', message: `Invalid input for ${channel}: expected at most one argument.` });
      }
      const parsed = parseInvokeInput(channel, args[0]);
      if (!parsed.ok) {
        log.warn('rejected invoke input', { channel, message: parsed.error.message });
        return failed(guard ? guard.scrub(parsed.error) : parsed.error);
      }
      const handler = options.handlers[channel as InvokeChannel] as (input: unknown) => Promise<unknown>;
      const output = await handler(parsed.value);
      const reply: InvokeReply = { ok: true, output: output === undefined ? null : output };
      return guard ? guard.scrub(reply) : reply;
    } catch (err) {
      // Handlers return expected failures as values; a throw is a bug. Its text stays in the log.
      log.error('invoke handler threw', { channel: typeof channel === 'string' ? channel.slice(0, 100) : typeof channel, err });
      return failed({ code: 'internal', message: INTERNAL_ERROR_MESSAGE });
    }
  };
}
