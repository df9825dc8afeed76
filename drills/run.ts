/**
 * `npm run drills`: every failure drill in turn (or the ones named: npm run drills -- worker-kill),
 * each on its own stack. Prints each outcome, writes drills/results/<drill>.json, and exits
 * non-zero on any duplicate, loss or other problem.
 * Sizes: --kills 20 (worker-kill), --email-outage-s 90 (600 for the full ten minutes), --load-s 60.
 */
import { flags } from '../bench/lib/report.js';
import { allDrills } from './index.js';
import { passed, printOutcome, runDrill, writeOutcome } from './lib/drill.js';

const f = flags();
const named = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const drills = allDrills({ kills: f.num('kills', 20), emailOutageS: f.num('email-outage-s', 90), loadS: f.num('load-s', 60) }).filter((d) => named.length === 0 || named.includes(d.name));
if (drills.length === 0) {
  console.error(`No drill named ${named.join(', ')}; there are: ${allDrills().map((d) => d.name).join(', ')}`);
  process.exit(2);
}
const failed: string[] = [];
for (const drill of drills) {
  console.log(`\n=== drill ${drill.name} ===`);
  const outcome = await runDrill(drill);
  printOutcome(outcome);
  console.log(`written to ${writeOutcome(outcome)}`);
  if (!passed(outcome)) failed.push(drill.name);
}
console.log(failed.length ? `\nFAILED: ${failed.join(', ')}` : `\nall ${drills.length} drill(s) passed: 0 duplicates, 0 lost`);
process.exit(failed.length ? 1 : 0);
