import { describe, expect, inject, it } from 'vitest';
import { allDrills, DEFAULT_SIZES } from '../../drills/index.js';
import { passed, printOutcome, runDrill } from '../../drills/lib/drill.js';

/**
 * The quick failure drills (about a minute each; `npm run drills` runs them all at full size):
 * each starts its own real stack, injects its fault and counts the end state. A drill that finds
 * a duplicate, a loss or another problem fails here with its own words.
 */
const quick = allDrills({ ...DEFAULT_SIZES, emailOutageS: 20 }).filter((d) => d.quick);

describe('quick failure drills', () => {
  it('include the platform storm, the LLM outage and a short e-mail outage', () => {
    expect(quick.map((d) => d.name)).toEqual(['platform-storm', 'llm-outage', 'email-outage']);
  });

  for (const drill of quick) {
    it(`${drill.name}: 0 duplicates, 0 lost, no problem`, async () => {
      const outcome = await runDrill(drill, { bundlePath: inject('workflowBundlePath') });
      printOutcome(outcome);
      expect(outcome.problems).toEqual([]);
      expect(outcome.tally.losses).toEqual([]);
      expect(outcome.tally.duplicates).toBe(0);
      expect(outcome.faults).toBeGreaterThan(0);
      expect(passed(outcome)).toBe(true);
    }, drill.budgetMs + 60_000);
  }
});
