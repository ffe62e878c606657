/**
 * `whereami` and `whereami --watch`: get fixes, look up addresses when asked,
 * print them in the chosen form.
 */
import type { Place } from '../backends/contract.js';
import { LocationError } from '../errors.js';
import { getLocation, reverseGeocode, subscribeLocation } from '../index.js';
import { formatNmea } from '../serve/nmea.js';
import type { Location } from '../types.js';
import type { LocateCommand } from './args.js';
import { renderNote } from './error-report.js';
import { EXIT, exitForSignal } from './exit-codes.js';
import { renderTemplate } from './format-template.js';
import { renderGeoJson, renderHuman, renderJson, renderWatchLine, type AddressResult } from './output.js';
import type { RunContext } from './run-context.js';

type Lookup = { place: Place | null; problem?: LocationError | Error };

function render(command: LocateCommand, context: RunContext, fix: Location, address: AddressResult): string {
  const oneLine = command.watch;
  switch (command.output) {
    case 'json':
      return renderJson(fix, address, oneLine);
    case 'geojson':
      return renderGeoJson(fix, address, oneLine);
    case 'nmea':
      return formatNmea(fix);
    case 'format':
      return `${renderTemplate(command.template ?? { source: '', parts: [], needsAddress: false }, {
        fix,
        place: address ?? undefined,
        now: Date.now(),
      })}\n`;
    case 'human':
      return command.watch
        ? renderWatchLine(fix, address, context.outPaint)
        : renderHuman(fix, address, context.outPaint, Date.now());
  }
}

async function lookUp(command: LocateCommand, context: RunContext, fix: Location): Promise<Lookup> {
  try {
    const places = await reverseGeocode(
      { latitude: fix.latitude, longitude: fix.longitude },
      {
        ...(command.backend === undefined ? {} : { backend: command.backend }),
        ...(command.timeoutMs === undefined || command.timeoutMs === Infinity ? {} : { timeout: command.timeoutMs }),
        signal: context.stopSignal,
      },
    );
    const place = places[0] ?? null;
    return place ? { place } : { place, problem: new Error('no address is known for this position') };
  } catch (error) {
    return { place: null, problem: error instanceof Error ? error : new Error(String(error)) };
  }
}

function addressNote(problem: Error): string {
  // A backend without a geocoder is a fact, not something the person can fix.
  const hint =
    problem instanceof LocationError && problem.hint && problem.code !== 'NOT_SUPPORTED' ? ` (${problem.hint})` : '';
  return `no address: ${problem.message}${hint}`;
}

function requestOptions(command: LocateCommand): {
  backend?: LocateCommand['backend'];
  timeout?: number;
  accuracy?: NonNullable<LocateCommand['accuracy']>;
  approximate?: boolean;
} {
  return {
    ...(command.backend === undefined ? {} : { backend: command.backend }),
    ...(command.timeoutMs === undefined ? {} : { timeout: command.timeoutMs }),
    ...(command.accuracy === undefined ? {} : { accuracy: command.accuracy }),
    ...(command.approximate ? { approximate: true } : {}),
  };
}

/** One fix: exit 0, or 8 when the fix was printed but the asked-for address was not found. */
export async function locateOnce(command: LocateCommand, context: RunContext): Promise<number> {
  context.progress.start('locating');
  let fix: Location;
  try {
    fix = await getLocation({
      ...requestOptions(command),
      ...(command.maximumAgeMs === undefined ? {} : { maximumAge: command.maximumAgeMs }),
      signal: context.stopSignal,
    });
  } catch (error) {
    return context.fail(error);
  }
  let address: AddressResult;
  let code: number = EXIT.OK;
  if (command.address) {
    context.progress.start('looking up the address');
    const lookup = await lookUp(command, context, fix);
    context.progress.stop();
    if (context.io.interrupt.aborted) return exitForSignal(String(context.io.interrupt.reason));
    address = lookup.place;
    if (lookup.problem) {
      context.print(render(command, context, fix, address));
      context.error(renderNote(addressNote(lookup.problem), context.errPaint));
      return context.out.closed ? EXIT.OK : EXIT.ADDRESS_UNAVAILABLE;
    }
  }
  context.print(render(command, context, fix, address));
  if (context.out.closed) code = EXIT.OK;
  return code;
}

/**
 * Streams fixes until interrupted (exit 0), stdout closes (exit 0), or the
 * watch fails (that failure's code). With --timeout, a wait for a fix longer
 * than that ends the watch with TIMEOUT. Fixes are printed in order, each
 * after its address lookup; a failed lookup is noted once per kind of failure.
 */
export function watch(command: LocateCommand, context: RunContext): Promise<number> {
  return new Promise<number>((resolve) => {
    let finished = false;
    let subscription: ReturnType<typeof subscribeLocation> | undefined;
    let queue: Promise<void> = Promise.resolve();
    let lookups = command.address;
    const noted = new Set<string>();

    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      subscription?.stop();
      context.stopSignal.removeEventListener('abort', onStop);
      context.progress.stop();
      // Let a fix being printed finish (its lookup is aborted by the same signal).
      void queue.then(() => resolve(code));
    };
    const onStop = (): void => finish(EXIT.OK);

    const show = async (fix: Location): Promise<void> => {
      let address: AddressResult;
      if (command.address) {
        address = null;
        if (lookups) {
          const lookup = await lookUp(command, context, fix);
          address = lookup.place;
          const problem = lookup.problem;
          if (problem && !finished) {
            const kind = problem instanceof LocationError ? problem.code : 'OTHER';
            // A backend without a geocoder will not grow one: stop asking.
            if (kind === 'NOT_SUPPORTED') lookups = false;
            if (!noted.has(kind)) context.error(renderNote(addressNote(problem), context.errPaint));
            noted.add(kind);
          }
        }
      }
      if (!finished) context.print(render(command, context, fix, address));
    };

    context.stopSignal.addEventListener('abort', onStop, { once: true });
    context.progress.start('locating');
    try {
      subscription = subscribeLocation(
        {
          location(fix) {
            if (finished) return;
            context.progress.stop();
            queue = queue.then(() => show(fix));
          },
          error(error, fatal) {
            if (finished) return;
            // The library's watch would go on after a TIMEOUT; the command's
            // --timeout promises an end, so the hint says what happened here.
            const failure =
              !fatal && error.code === 'TIMEOUT'
                ? new LocationError('TIMEOUT', error.message, {
                    hint: 'With --watch, --timeout bounds the wait for each fix (a device that holds still may send none): give a longer one, or none.',
                  })
                : error;
            finish(context.fail(failure));
          },
        },
        {
          ...requestOptions(command),
          ...(command.distance === undefined ? {} : { distanceFilter: command.distance }),
        },
      );
      if (finished) subscription.stop();
    } catch (error) {
      finish(context.fail(error));
    }
    if (context.stopSignal.aborted) onStop();
  });
}
