import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed search attributes. Ops filter by these in the Temporal UI, e.g. `Stage="awaiting_approval"`.
 * Importable from workflow code (only @temporalio/common).
 */
export const OrgId = defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD);
export const UserId = defineSearchAttributeKey('UserId', SearchAttributeType.KEYWORD);
export const PostId = defineSearchAttributeKey('PostId', SearchAttributeType.KEYWORD);
export const TargetId = defineSearchAttributeKey('TargetId', SearchAttributeType.KEYWORD);
export const Platform = defineSearchAttributeKey('Platform', SearchAttributeType.KEYWORD);
export const Stage = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [OrgId, UserId, PostId, TargetId, Platform, Stage] as const;
