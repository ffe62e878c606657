/**
 * ANSI colour, only for a terminal and never when NO_COLOR is set
 * (https://no-color.org: any non-empty value) or TERM is "dumb".
 */
export interface Painter {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (stream.isTTY !== true) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return env['TERM'] !== 'dumb';
}

const wrap = (enabled: boolean, open: number, close: number) => (text: string): string =>
  enabled && text !== '' ? `\x1b[${open}m${text}\x1b[${close}m` : text;

export function painter(enabled: boolean): Painter {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    yellow: wrap(enabled, 33, 39),
  };
}
