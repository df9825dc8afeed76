import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';

export const HISTORY_FIXTURES = fileURLToPath(new URL('../fixtures/histories', import.meta.url));

type History = temporal.api.history.v1.IHistory;

/** Replays a history against the current workflow bundle; throws on non-determinism. */
export async function replay(history: History, workflowId = 'replay'): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId);
}

/** Recorded histories kept in git; CI replays each so a non-deterministic change fails the build. */
export function loadHistoryFixtures(): { name: string; history: History }[] {
  if (!fs.existsSync(HISTORY_FIXTURES)) return [];
  return fs
    .readdirSync(HISTORY_FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((name) => ({ name, history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORY_FIXTURES, name), 'utf8'))) }));
}

/**
 * Writes a workflow's history as a fixture, in the JSON the Temporal CLI and UI export, when run
 * with RECORD_HISTORIES=1 (to add or refresh fixtures deliberately, never silently).
 */
export function saveHistoryFixture(name: string, workflowId: string): void {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const json = execFileSync(
    inject('temporalCliPath'),
    ['workflow', 'show', '--workflow-id', workflowId, '--address', inject('temporalAddress'), '--output', 'json'],
    { encoding: 'utf8' },
  );
  fs.mkdirSync(HISTORY_FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(HISTORY_FIXTURES, `${name}.json`), json);
}

/** Like saveHistoryFixture, for a history already in hand (e.g. from the time-skipping server, which the CLI cannot reach). */
export function saveHistoryObject(name: string, history: History): void {
  if (process.env.RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORY_FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(HISTORY_FIXTURES, `${name}.json`), historyToJSON(history));
}
