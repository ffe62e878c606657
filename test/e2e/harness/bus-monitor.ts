/**
 * What `dbus-monitor --monitor` printed, as messages in the order the bus
 * routed them (GeoClueStack.startMonitor). Its format: one header line per
 * message ("method call time=... sender=... -> destination=... serial=...
 * path=...; interface=...; member=..."; "method return"/"error" with
 * reply_serial, "error" with error_name), then the arguments, indented.
 */

export interface BusMessage {
  kind: 'call' | 'return' | 'error' | 'signal';
  sender: string;
  destination: string;
  serial?: number;
  replySerial?: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  /** The argument lines, trimmed (e.g. `string "DesktopId"`). */
  body: string[];
}

const HEADER = /^(method call|method return|error|signal) time=\S+ sender=(\S+) -> destination=(\S+)(.*)$/;
const KINDS = { 'method call': 'call', 'method return': 'return', error: 'error', signal: 'signal' } as const;

function field(rest: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}=([^;\\s]+)`).exec(rest)?.[1];
}

export function parseMonitor(lines: readonly string[]): BusMessage[] {
  const messages: BusMessage[] = [];
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (!header) {
      if (line.startsWith(' ') && messages.length > 0) messages.at(-1)!.body.push(line.trim());
      continue;
    }
    const [, kind, sender, destination, rest] = header as unknown as [string, keyof typeof KINDS, string, string, string];
    const serial = field(rest, 'serial');
    const replySerial = field(rest, 'reply_serial');
    const message: BusMessage = { kind: KINDS[kind], sender, destination, body: [] };
    if (serial !== undefined) message.serial = Number(serial);
    if (replySerial !== undefined) message.replySerial = Number(replySerial);
    for (const name of ['path', 'interface', 'member'] as const) {
      const value = field(rest, name);
      if (value !== undefined) message[name] = value;
    }
    const errorName = field(rest, 'error_name');
    if (errorName !== undefined) message.errorName = errorName;
    messages.push(message);
  }
  return messages;
}

/** The call `reply` answers, or undefined. */
export function callOf(messages: readonly BusMessage[], reply: BusMessage): BusMessage | undefined {
  return messages.find((m) => m.kind === 'call' && m.sender === reply.destination && m.serial === reply.replySerial);
}

/** The reply to `call` (a return or an error), or undefined. */
export function replyTo(messages: readonly BusMessage[], call: BusMessage): BusMessage | undefined {
  return messages.find((m) => (m.kind === 'return' || m.kind === 'error') && m.destination === call.sender && m.replySerial === call.serial);
}

/**
 * The monitor's messages once `ready` holds for them, polling (the monitor
 * prints each message as the bus routes it, and the lines reach us a little
 * later); after `ms` the messages as they are, for the caller's assertions
 * to say what is missing.
 */
export async function monitored(monitor: { lines(): readonly string[] }, ready: (messages: BusMessage[]) => boolean, ms = 5000): Promise<BusMessage[]> {
  const end = Date.now() + ms;
  for (;;) {
    const messages = parseMonitor(monitor.lines());
    if (ready(messages) || Date.now() > end) return messages;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
