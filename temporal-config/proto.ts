// @temporalio/proto is CommonJS whose named exports Node's ESM loader cannot see; take the default.
import protos from '@temporalio/proto';

export const enums = protos.temporal.api.enums.v1;
