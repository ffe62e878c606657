/**
 * `whereami serve`: the gpsd-compatible server (node-whereami/serve) run from
 * the command line until SIGINT or SIGTERM, which close every socket and stop
 * the provider before the process exits.
 */
import { getBackendInfo } from '../index.js';
import { isLoopback, LocationServer } from '../serve/location-server.js';
import type { ServeCommand } from './args.js';
import { EXIT } from './exit-codes.js';
import type { RunContext } from './run-context.js';
import { packageVersion } from './version.js';

const show = (address: { address: string; port: number; family: string }): string =>
  address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;

export async function serve(command: ServeCommand, context: RunContext): Promise<number> {
  const backend = command.backend === undefined ? {} : { backend: command.backend };
  try {
    // Say now, not at the first client, when no backend can serve here.
    getBackendInfo(backend);
  } catch (error) {
    return context.fail(error);
  }
  for (const [option, address] of [
    ['--listen', command.listen],
    ['--nmea-listen', command.nmeaListen],
  ] as const) {
    if (address && !isLoopback(address.host)) {
      context.error(
        `whereami serve: warning: ${option} ${address.host} is reachable from other machines; anyone who can connect learns where this computer is.\n`,
      );
    }
  }
  const server = new LocationServer({
    listen: command.listen,
    ...(command.nmeaListen ? { nmeaListen: command.nmeaListen } : {}),
    maxClients: command.maxClients,
    watch: { ...backend, ...(command.accuracy === undefined ? {} : { accuracy: command.accuracy }) },
    release: `node-whereami ${packageVersion()}`,
    onProviderError: (error, retryInMs) => {
      context.error(`whereami serve: the location provider failed (${error.code}: ${error.message}); clients get "no fix"; retrying in ${retryInMs / 1000} s\n`);
    },
  });
  let addresses;
  try {
    addresses = await server.listen();
  } catch (error) {
    await server.close();
    const err = error as NodeJS.ErrnoException;
    context.error(`whereami serve: cannot listen: ${err.message}${err.code === 'EADDRINUSE' ? ' (another gpsd or whereami serve may be running; choose another port with --listen)' : ''}\n`);
    return EXIT.FAILURE;
  }
  context.error(`whereami serve: gpsd protocol on ${show(addresses.gpsd)}\n`);
  if (addresses.nmea) context.error(`whereami serve: NMEA 0183 on ${show(addresses.nmea)}\n`);
  const interrupt = context.io.interrupt;
  if (!interrupt.aborted) await new Promise((resolve) => interrupt.addEventListener('abort', resolve, { once: true }));
  await server.close();
  return EXIT.OK;
}
