import { describe, expect, it } from 'vitest';
import { missingPrivacyChoices, missingPrivacyMessage, privacyChoiceProblems } from '../../core/privacy.js';

describe('who may see a post', () => {
  it('accepts the levels each platform offers and names them when one is wrong', () => {
    expect(privacyChoiceProblems({ tiktok: 'SELF_ONLY', youtube: 'unlisted' })).toEqual([]);
    expect(privacyChoiceProblems({ tiktok: 'friends' })).toEqual(['privacy.tiktok must be one of PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY.']);
    expect(privacyChoiceProblems({ x: 'public' })).toEqual(['x has no privacy choice; only tiktok and youtube do.']);
  });

  it('a TikTok target without a level needs the approver\'s choice; YouTube falls back to public', () => {
    const targets = [
      { platform: 'tiktok', privacyLevel: null },
      { platform: 'youtube', privacyLevel: null },
    ];
    expect(missingPrivacyChoices(targets, {})).toEqual(['tiktok']);
    expect(missingPrivacyChoices(targets, { tiktok: 'SELF_ONLY' })).toEqual([]);
    expect(missingPrivacyChoices([{ platform: 'tiktok', privacyLevel: 'FOLLOWER_OF_CREATOR' }], {})).toEqual([]);
    expect(missingPrivacyMessage(['tiktok'])).toContain('privacy.tiktok: one of PUBLIC_TO_EVERYONE');
  });
});
