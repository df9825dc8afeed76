import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, type TemporalSecurity } from './connection.js';
import { enums } from './proto.js';
import { SEARCH_ATTRIBUTES } from './search-attributes.js';

export interface TemporalHandle {
  connection: Connection;
  client: Client;
  namespace: string;
  close(): Promise<void>;
}

export async function connectTemporal(address: string, namespace: string, security?: TemporalSecurity): Promise<TemporalHandle> {
  const connection = await Connection.connect({ ...temporalConnectionOptions(address, security), connectTimeout: 5_000 });
  const client = new Client({ connection, namespace });
  return { connection, client, namespace, close: () => connection.close() };
}

/**
 * Registers Herald's search attributes on a server that did not get them at start-up (a shared or
 * production cluster). Already-registered keys are left alone, so this is safe on every start.
 */
export async function ensureSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
}
