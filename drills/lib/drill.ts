import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, type Machine } from '../../bench/lib/report.js';
import type { Tally } from './workload.js';

/**
 * A failure drill: runs the real stack, injects a fault, and counts the end state. It fails on any
 * duplicate, any loss, or any other problem it names (a 5xx, an API that never said 503 ...).
 */
export interface DrillOutcome {
  drill: string;
  /** How many faults were injected, and what they were. */
  faults: number;
  faultsInWords: string;
  tally: Tally;
  /** Failed checks other than duplicates and losses, in words. */
  problems: string[];
  /** Figures worth keeping (503 bodies seen, memory, retries). */
  notes: string[];
  seconds: number;
}

export interface DrillContext {
  /** A workflow bundle built already (the test run's); the drill builds one otherwise. */
  bundlePath?: string;
  /** Registers something the drill started; it is stopped when the drill ends or runs out of time. */
  own<T extends { stop(): Promise<void> | void }>(thing: T): T;
}

export interface Drill {
  name: string;
  /** Short enough (about a minute) to run in `npm test` too. */
  quick: boolean;
  /** The drill gives up (and fails) after this long. */
  budgetMs: number;
  run(ctx: DrillContext): Promise<Omit<DrillOutcome, 'seconds' | 'drill'>>;
}

export const passed = (o: DrillOutcome) => o.tally.duplicates === 0 && o.tally.lost === 0 && o.problems.length === 0;

export const emptyTally = (): Tally => ({
  postsExpected: 0,
  published: 0,
  duplicates: 0,
  lost: 0,
  cyclesExpected: 0,
  cyclesCompleted: 0,
  cyclePosts: 0,
  cyclePostsAwaiting: 0,
  emailsExpected: 0,
  emailsSentOnce: 0,
  emailDuplicates: 0,
  losses: [],
});

/** Runs one drill within its budget and stops everything it started, whatever happened. */
export async function runDrill(drill: Drill, options: { bundlePath?: string } = {}): Promise<DrillOutcome> {
  const owned: { stop(): Promise<void> | void }[] = [];
  const ctx: DrillContext = { bundlePath: options.bundlePath, own: (thing) => (owned.push(thing), thing) };
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within its budget of ${drill.budgetMs / 1000} s`)), drill.budgetMs);
  });
  let outcome: DrillOutcome;
  try {
    outcome = { drill: drill.name, ...(await Promise.race([drill.run(ctx), outOfTime])), seconds: 0 };
  } catch (err) {
    outcome = { drill: drill.name, faults: 0, faultsInWords: '', tally: emptyTally(), problems: [`the drill failed: ${(err as Error).message}`], notes: [], seconds: 0 };
  } finally {
    clearTimeout(timer);
    for (const thing of owned.reverse()) await Promise.resolve(thing.stop()).catch(() => undefined);
  }
  outcome.seconds = Math.round((Date.now() - started) / 1000);
  return outcome;
}

export function printOutcome(o: DrillOutcome): void {
  const t = o.tally;
  const lines = [
    `--- drill ${o.drill}: ${passed(o) ? 'PASSED' : 'FAILED'} in ${o.seconds} s`,
    `faults injected: ${o.faults} (${o.faultsInWords})`,
    `posts expected: ${t.postsExpected}  published: ${t.published}  duplicates: ${t.duplicates}  lost: ${t.lost}`,
    `cycles: ${t.cyclesCompleted}/${t.cyclesExpected} completed; cycle posts awaiting approval: ${t.cyclePostsAwaiting}/${t.cyclePosts}`,
    `e-mails: ${t.emailsSentOnce}/${t.emailsExpected} sent exactly once; duplicate e-mails: ${t.emailDuplicates}`,
    ...o.notes.map((n) => `note: ${n}`),
    ...t.losses.slice(0, 20).map((l) => `LOST: ${l}`),
    ...o.problems.map((p) => `PROBLEM: ${p}`),
  ];
  console.log(lines.join('\n'));
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Writes drills/results/<drill>.json (outcome and machine) and returns its path. */
export function writeOutcome(o: DrillOutcome, machine: Machine = describeMachine()): string {
  const file = path.join(ROOT, 'drills', 'results', `${o.drill}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...o, passed: passed(o), machine }, null, 2)}\n`);
  return file;
}
