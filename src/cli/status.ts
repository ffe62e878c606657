/**
 * `whereami status` (what the backend says, without prompting) and
 * `whereami request-permission` (prompt where the OS can).
 */
import {
  getAccuracyAuthorization,
  getAuthorizationStatus,
  getBackendInfo,
  locationServicesEnabled,
  requestAuthorization,
  type BackendInfo,
} from '../index.js';
import type { StatusCommand } from './args.js';
import { fallbackHint, renderError, renderNote } from './error-report.js';
import { EXIT, exitForSignal } from './exit-codes.js';
import { renderStatusHuman, renderStatusJson, type StatusReport } from './output.js';
import type { RunContext } from './run-context.js';

const reason = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'rejected' ? (result.reason instanceof Error ? result.reason.message : String(result.reason)) : '';

/** Prints the status; exit 0 when it could be read, else the failure's code. */
export async function status(command: StatusCommand, context: RunContext): Promise<number> {
  const options = command.backend === undefined ? {} : { backend: command.backend };
  let info: BackendInfo;
  try {
    info = getBackendInfo(options);
  } catch (error) {
    return context.fail(error);
  }
  const [authorization, services, accuracy] = await Promise.allSettled([
    getAuthorizationStatus(options),
    locationServicesEnabled(options),
    getAccuracyAuthorization(options),
  ]);
  // Read again: a helper says who it is (its bundle) only once those questions started it.
  info = getBackendInfo(options);
  const errors: Record<string, string> = {};
  if (authorization.status === 'rejected') errors['authorization'] = reason(authorization);
  if (services.status === 'rejected') errors['servicesEnabled'] = reason(services);
  if (accuracy.status === 'rejected') errors['accuracyAuthorization'] = reason(accuracy);
  const report: StatusReport = {
    authorization: authorization.status === 'fulfilled' ? authorization.value : undefined,
    servicesEnabled: services.status === 'fulfilled' ? services.value : undefined,
    accuracyAuthorization: accuracy.status === 'fulfilled' ? accuracy.value : undefined,
    backend: info,
    errors,
  };
  context.print(command.json ? renderStatusJson(report) : renderStatusHuman(report, context.outPaint));
  return EXIT.OK;
}

/**
 * Asks for permission and prints the answer: exit 0 when authorized, 3 when
 * denied or restricted, 4 when Location Services are off (no prompt can show),
 * 1 when the system gave no answer.
 */
export async function requestPermission(command: StatusCommand, context: RunContext): Promise<number> {
  const options = command.backend === undefined ? {} : { backend: command.backend };
  const { platform } = context.io;
  try {
    getBackendInfo(options);
    if (!(await locationServicesEnabled(options))) {
      context.error(
        renderError(
          { message: 'Location Services are turned off, so no permission prompt can be shown.', code: 'SERVICES_DISABLED' },
          platform,
          context.errPaint,
        ),
      );
      return EXIT.SERVICES_DISABLED;
    }
    context.progress.start('waiting for an answer to the permission prompt');
    const interrupted = new Promise<never>((_, reject) => {
      context.stopSignal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true });
    });
    // A signal after the answer must not become an unhandled rejection.
    interrupted.catch(() => undefined);
    const answer = await Promise.race([requestAuthorization(options), interrupted]);
    context.progress.stop();
    context.print(command.json ? `${JSON.stringify({ authorization: answer })}\n` : `authorization  ${answer}\n`);
    if (answer === 'authorized') return EXIT.OK;
    if (answer === 'denied' || answer === 'restricted') {
      const hint = fallbackHint('PERMISSION_DENIED', platform);
      context.error(renderNote(`location access is ${answer}.${hint ? ` ${hint}` : ''}`, context.errPaint));
      return EXIT.PERMISSION_DENIED;
    }
    context.error(
      renderNote(
        'the system gave no answer: it may not show a location prompt for this program (see "FAQ" in the README).',
        context.errPaint,
      ),
    );
    return EXIT.FAILURE;
  } catch (error) {
    if (context.io.interrupt.aborted) return exitForSignal(String(context.io.interrupt.reason));
    return context.fail(error);
  }
}
