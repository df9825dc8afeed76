import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zone.js';

/** Shared field schemas for request bodies. */
export const timeZoneField = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or America/New_York');

export const uuidField = z.string().uuid('must be a UUID');

/** A calendar date as the cycle names its days: YYYY-MM-DD. */
export const localDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
