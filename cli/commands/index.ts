import type { Command } from '../command.js';
import { ACCOUNT_COMMANDS } from './accounts.js';
import { ADMIN_COMMANDS } from './admin.js';
import { BILLING_COMMANDS } from './billing.js';
import { CONTENT_COMMANDS } from './content.js';
import { ORG_COMMANDS } from './orgs.js';
import { PUBLISH_COMMANDS } from './publishing.js';
import { SESSION_COMMANDS } from './session.js';
import { STRATEGY_COMMANDS } from './strategy.js';
import { healthCommand, pingCommand } from './system.js';

/** Every `herald` command. Later domains add their arrays here. */
export const COMMANDS: Command[] = [healthCommand, pingCommand, ...SESSION_COMMANDS, ...ORG_COMMANDS, ...BILLING_COMMANDS, ...ACCOUNT_COMMANDS, ...CONTENT_COMMANDS, ...STRATEGY_COMMANDS, ...PUBLISH_COMMANDS, ...ADMIN_COMMANDS];
