import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zone.js';

/** Shared field schemas for request bodies. */
export const timeZoneField = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or America/New_York');

export const uuidField = z.string().uuid('must be a UUID');
