/**
 * A fresh Node process that runs some of the built package, settles what it
 * started, and reports what still keeps its event loop alive and how long it
 * took to exit after the last settle (prompt-exit.test.ts, geoclue.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

type ChildReport = { code: number | null; resources: string[]; exitMs: number; stderr: string };

function childScript(body: string): string {
  // Node creates process.stderr on first use (net's Socket._destroy looks at
  // it whenever any socket is destroyed) and lists its pipe as an active
  // resource, though it never holds the loop: create both stdio streams now
  // and leave their handles out of the count.
  return `
    process.stdout; process.stderr;
    const stdio = process.getActiveResourcesInfo();
    const report = { resources: [], settledAt: 0 };
    process.on('exit', () => console.log(JSON.stringify({ ...report, exitMs: Date.now() - report.settledAt })));
    ${body}
    report.settledAt = Date.now();
    // Let callbacks queued by the last settle run, then look. A helper may
    // still be acknowledging a cancel: give that up to a second.
    await new Promise((resolve) => setImmediate(resolve));
    // Bounded by the clock, not a count of turns: a loaded machine makes each turn longer.
    for (const until = Date.now() + 1000; Date.now() < until && process.getActiveResourcesInfo().length > stdio.length; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    report.resources = process.getActiveResourcesInfo();
    for (const name of stdio) {
      const at = report.resources.indexOf(name);
      if (at >= 0) report.resources.splice(at, 1);
    }
  `;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, WHEREAMI_SIMULATE: '', WHEREAMI_BACKEND: '', ...env };
}

function parseReport(code: number | null, stdout: string, stderr: string): ChildReport {
  const last = stdout.trim().split('\n').pop() ?? '';
  const parsed = last.startsWith('{') ? (JSON.parse(last) as { resources: string[]; exitMs: number }) : { resources: ['(no report)'], exitMs: NaN };
  return { code, stderr, ...parsed };
}

/** Runs `body` as an ES module in a fresh process; its last lines report what holds the loop and when it exited. */
export function runChild(body: string, env: Record<string, string> = {}, timeoutMs = 15_000): ChildReport {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', childScript(body)], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: childEnv(env),
  });
  return parseReport(result.status, result.stdout, result.stderr);
}

/** runChild without blocking this process: for services this process serves itself (the e2e fake GPS). */
export function runChildAsync(body: string, env: Record<string, string> = {}, timeoutMs = 15_000): Promise<ChildReport> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(body)], { cwd: root, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(parseReport(code, stdout, stderr));
    });
  });
}

export function expectPromptExit(result: ChildReport): void {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.resources).toEqual([]);
  expect(result.exitMs).toBeLessThan(5000);
}

