import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zone.js';

/** Shared field schemas for request bodies. */
export const timeZoneField = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or America/New_York');

export const uuidField = z.string().uuid('must be a UUID');

/** A calendar date as the cycle names its days: YYYY-MM-DD. */
/** A real calendar date (2027-02-30 and 0000-00-00 are refused, not passed on to Postgres). */
export const localDateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number(d.slice(0, 4)) >= 1 && Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'must be a real calendar date as YYYY-MM-DD');
