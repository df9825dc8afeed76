import { apiLoadDrill } from './api-load.js';
import type { Drill } from './lib/drill.js';
import { emailOutageDrill, llmOutageDrill, platformStormDrill } from './outside-faults.js';
import { postgresRestartDrill } from './postgres-restart.js';
import { temporalRestartDrill } from './temporal-restart.js';
import { workerKillDrill } from './worker-kill.js';

export interface DrillSizes {
  kills: number;
  emailOutageS: number;
  loadS: number;
}

export const DEFAULT_SIZES: DrillSizes = { kills: 20, emailOutageS: 90, loadS: 60 };

export function allDrills(sizes: DrillSizes = DEFAULT_SIZES): Drill[] {
  return [
    platformStormDrill(),
    llmOutageDrill(),
    emailOutageDrill(sizes.emailOutageS),
    apiLoadDrill(sizes.loadS),
    workerKillDrill(sizes.kills),
    temporalRestartDrill(),
    postgresRestartDrill(),
  ];
}
