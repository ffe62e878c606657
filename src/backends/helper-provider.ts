/**
 * The helper backend's transport: one long-lived `whereami-helper` process,
 * spoken to in JSON lines (helper-protocol.ts), presented as a NativeProvider
 * so the same adapter (native-backend.ts) serves the addon and the helper.
 *
 * The process starts on demand and is unref'd whenever nothing is pending, so
 * an idle helper never holds the parent's exit. A crash, garbage on stdout, a
 * protocol mismatch or a missing binary fail what is pending with a clear
 * LocationError-coded error; the next call starts a fresh helper.
 */
import type * as ChildProcessModule from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { lazyRequire } from './lazy-require.js';
import { HELPER_PROTOCOL_VERSION, parseHelperLine, type HelperHello, type HelperRequest } from './helper-protocol.js';
import type { NativeCallback, NativeError, NativeFix, NativePlace, NativeProvider } from './native-binding.js';

// node:child_process is loaded when the first helper starts, not at import:
// most processes never start one, and importing the package should be cheap.
const childProcess = (): typeof ChildProcessModule => lazyRequire('node:child_process') as typeof ChildProcessModule;

/** How long a started helper may take to say hello. */
export const HELPER_HANDSHAKE_MS = 5000;
const STDERR_TAIL = 2000;

interface PendingCall {
  settle: (error: NativeError | null, value?: unknown) => void;
  onPrompt?: (pending: boolean) => void;
}

interface PendingWatch {
  onFix(fix: NativeFix): void;
  onError(error: NativeError): void;
  onPrompt?: ((pending: boolean) => void) | undefined;
}

/** One running helper process and what waits on it. */
interface Session {
  child: ChildProcessWithoutNullStreams;
  ready: boolean;
  queue: string[];
  buffer: string;
  stderr: string;
  handshake: NodeJS.Timeout;
  dead: boolean;
}

/** What anything asked of a closed provider gets: it never starts a helper again. */
function closedError(): NativeError {
  return { code: 'ABORTED', message: 'The helper backend was closed; create a new one to ask again.' };
}

export class HelperProvider implements NativeProvider {
  readonly #path: string;
  readonly #calls = new Map<number, PendingCall>();
  readonly #watches = new Map<number, PendingWatch>();
  #session: Session | undefined;
  #nextId = 1;
  #closed = false;
  /** Starts of a helper, for tests and diagnostics. */
  spawnCount = 0;
  /** What the last helper said in its hello. */
  #hello: HelperHello | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  /** The OS service the helper said it wraps; undefined until a helper said hello. */
  get provider(): HelperHello['provider'] | undefined {
    return this.#hello?.provider;
  }

  /** The identity the helper said the OS sees asking; undefined until a helper said hello. */
  get bundle(): HelperHello['bundle'] {
    return this.#hello?.bundle;
  }

  /** The running helper's pid, if one runs. */
  get pid(): number | undefined {
    return this.#session?.dead === false ? this.#session.child.pid : undefined;
  }

  requestLocation(
    accuracy: number,
    maximumAgeMs: number,
    callback: NativeCallback<NativeFix>,
    onPrompt: (pending: boolean) => void,
    reduced = false,
  ): number {
    return this.#call('requestLocation', { accuracy, maximumAge: maximumAgeMs, reduced }, callback as PendingCall['settle'], onPrompt);
  }

  /**
   * Settles the call as ABORTED at once and forgets it, so a helper stuck
   * inside the OS cannot hold this process; a late answer is ignored.
   */
  cancel(id: number): void {
    const call = this.#calls.get(id);
    if (!call) return;
    this.#calls.delete(id);
    this.#send({ id: this.#nextId++, method: 'cancel', params: { target: id } });
    this.#updateRef();
    queueMicrotask(() => call.settle({ code: 'ABORTED', message: 'The request was cancelled.' }));
  }

  startWatch(
    accuracy: number,
    distanceFilter: number,
    onFix: (fix: NativeFix) => void,
    onError: (error: NativeError) => void,
    onPrompt?: (pending: boolean) => void,
    reduced = false,
  ): number {
    const id = this.#nextId++;
    if (this.#closed) {
      // A closed provider never starts a helper again: the watch ends at once.
      queueMicrotask(() => onError(closedError()));
      return id;
    }
    this.#watches.set(id, { onFix, onError, onPrompt });
    this.#send({ id, method: 'startWatch', params: { accuracy, distanceFilter, reduced } });
    return id;
  }

  stopWatch(id: number): void {
    if (!this.#watches.delete(id)) return;
    this.#send({ id: this.#nextId++, method: 'stopWatch', params: { target: id } });
    this.#updateRef();
  }

  authorizationStatus(callback: NativeCallback<string>): void {
    this.#call('authorizationStatus', undefined, callback as PendingCall['settle']);
  }

  requestAuthorization(callback: NativeCallback<string>, limitMs = 0): void {
    this.#call('requestAuthorization', { limitMs }, callback as PendingCall['settle']);
  }

  locationServicesEnabled(callback: NativeCallback<boolean>): void {
    this.#call('locationServicesEnabled', undefined, callback as PendingCall['settle']);
  }

  accuracyAuthorization(callback: NativeCallback<string>): void {
    this.#call('accuracyAuthorization', undefined, callback as PendingCall['settle']);
  }

  reverseGeocode(latitude: number, longitude: number, callback: NativeCallback<NativePlace[]>): number {
    return this.#call('reverseGeocode', { latitude, longitude }, callback as PendingCall['settle']);
  }

  forwardGeocode(address: string, callback: NativeCallback<NativePlace[]>): number {
    return this.#call('forwardGeocode', { address }, callback as PendingCall['settle']);
  }

  /**
   * Sends a method the typed API does not cover (the Linux double build's
   * test-only "testDouble"), in order with every other request.
   */
  rawCall(method: string, params?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#call(method, params, (error, value) => {
        if (error) reject(new Error(`${error.code}: ${error.message}`));
        else resolve(value);
      });
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(closedError());
    const session = this.#session;
    this.#session = undefined;
    if (session && !session.dead) session.child.stdin.end();
  }

  /** Kills the running helper (tests use it to prove recovery). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.#session?.child.kill(signal);
  }

  #call(method: HelperRequest['method'], params: HelperRequest['params'], settle: PendingCall['settle'], onPrompt?: (pending: boolean) => void): number {
    const id = this.#nextId++;
    if (this.#closed) {
      queueMicrotask(() => settle(closedError()));
      return id;
    }
    this.#calls.set(id, onPrompt ? { settle, onPrompt } : { settle });
    this.#send(params ? { id, method, params } : { id, method });
    return id;
  }

  #send(request: HelperRequest): void {
    // Cancels and stops after close() have nothing left to tell a helper that is gone.
    if (this.#closed) return;
    const line = `${JSON.stringify(request)}\n`;
    const session = this.#session ?? this.#start();
    if (session.ready) session.child.stdin.write(line);
    else session.queue.push(line);
    this.#updateRef();
  }

  #start(): Session {
    this.spawnCount += 1;
    const child = childProcess().spawn(this.#path, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const session: Session = {
      child,
      ready: false,
      queue: [],
      buffer: '',
      stderr: '',
      dead: false,
      handshake: setTimeout(() => this.#fail(session, `did not say hello within ${HELPER_HANDSHAKE_MS} ms`), HELPER_HANDSHAKE_MS),
    };
    this.#session = session;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.#onData(session, chunk));
    child.stderr.on('data', (chunk: string) => {
      session.stderr = (session.stderr + chunk).slice(-STDERR_TAIL);
    });
    // A write to a helper that just died fails with EPIPE; its exit reports the real cause.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? `was not found at ${this.#path}` : `could not start (${error.message})`;
      this.#fail(session, why);
    });
    child.on('exit', (code, signal) => {
      this.#fail(session, signal ? `was killed by ${signal}` : `exited with code ${String(code)}`);
    });
    return session;
  }

  #onData(session: Session, chunk: string): void {
    session.buffer += chunk;
    let newline: number;
    while (!session.dead && (newline = session.buffer.indexOf('\n')) >= 0) {
      const line = session.buffer.slice(0, newline).trim();
      session.buffer = session.buffer.slice(newline + 1);
      if (line !== '') this.#onLine(session, line);
    }
  }

  #onLine(session: Session, line: string): void {
    const message = parseHelperLine(line);
    if (!message) {
      this.#fail(session, `wrote something that is not protocol: ${JSON.stringify(line.slice(0, 80))}`);
      session.child.kill('SIGKILL');
      return;
    }
    if ('type' in message) {
      if (message.protocol !== HELPER_PROTOCOL_VERSION) {
        this.#fail(session, `speaks protocol version ${message.protocol}, this package speaks ${HELPER_PROTOCOL_VERSION} (reinstall to rebuild it)`);
        session.child.kill('SIGKILL');
        return;
      }
      clearTimeout(session.handshake);
      // Frozen: getBackendInfo() hands the bundle out as it is.
      if (message.bundle) Object.freeze(message.bundle);
      this.#hello = message;
      session.ready = true;
      for (const queued of session.queue.splice(0)) session.child.stdin.write(queued);
      return;
    }
    if ('event' in message) {
      if (message.event === 'prompt') {
        const target = this.#calls.get(message.id) ?? this.#watches.get(message.id);
        target?.onPrompt?.(message.pending);
      }
      else this.#watches.get(message.id)?.onFix(message.fix);
      return;
    }
    const error = 'error' in message ? message.error : null;
    const call = this.#calls.get(message.id);
    if (call) {
      this.#calls.delete(message.id);
      if (error) call.settle(error);
      else call.settle(null, (message as { result: unknown }).result);
    } else if (error) {
      const watch = this.#watches.get(message.id);
      this.#watches.delete(message.id);
      watch?.onError(error);
    }
    this.#updateRef();
  }

  /** Ends a session: everything pending on it fails with the reason. */
  #fail(session: Session, why: string): void {
    if (session.dead) return;
    session.dead = true;
    clearTimeout(session.handshake);
    if (this.#session === session) this.#session = undefined;
    this.#release(session);
    const tail = session.stderr.trim().split('\n').slice(-3).join(' | ');
    const message = `whereami-helper ${why}${tail ? `; its last words: ${tail}` : ''}.`;
    this.#failAll({ code: 'BACKEND_FAILURE', message });
  }

  /**
   * A failed session's process must not outlive it (a helper that never said
   * hello would run on), and its pipes must not hold the parent's exit: the
   * reason was taken already, so nothing more is read from them.
   */
  #release(session: Session): void {
    const { child } = session;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdin.destroy();
    child.stdout.destroy();
    child.stderr.destroy();
    child.unref();
  }

  #failAll(error: NativeError): void {
    const calls = [...this.#calls.values()];
    const watches = [...this.#watches.values()];
    this.#calls.clear();
    this.#watches.clear();
    for (const call of calls) call.settle(error);
    for (const watch of watches) watch.onError(error);
  }

  /** Holds the event loop only while something waits on the helper. */
  #updateRef(): void {
    const session = this.#session;
    if (!session || session.dead) return;
    const busy = this.#calls.size > 0 || this.#watches.size > 0;
    const handles: (ChildProcessWithoutNullStreams | Socket)[] = [
      session.child,
      session.child.stdout as Socket,
      session.child.stderr as Socket,
      session.child.stdin as Socket,
    ];
    for (const handle of handles) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}
