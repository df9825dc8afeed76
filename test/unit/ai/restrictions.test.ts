import { describe, expect, it } from 'vitest';
import { findRestrictionBreaches, forbiddenTerms, withoutBreachingSentences } from '../../../core/content-restrictions.js';

describe('content restrictions', () => {
  it('read what a brand forbids from plain sentences and quotes', () => {
    expect(forbiddenTerms('Never mention competitors')).toEqual(['competitors']);
    expect(forbiddenTerms('avoid "diet" and "skinny"')).toEqual(['diet', 'skinny']);
    expect(forbiddenTerms('Keep it upbeat')).toEqual([]);
  });

  it('flag copy that uses a forbidden term, as a whole word only', () => {
    const brand = { industry: 'Bakery', contentRestrictions: ['avoid "diet"'] };
    expect(findRestrictionBreaches('Our new diet loaf', brand)).toHaveLength(1);
    expect(findRestrictionBreaches('Our dietitian-approved loaf', brand)).toEqual([]);
  });

  it('flag claims a regulated industry may not publish even when the brand listed none', () => {
    const clinic = { industry: 'Physiotherapy clinic (healthcare)', contentRestrictions: [] };
    expect(findRestrictionBreaches('This stretch cures back pain.', clinic)[0]).toContain('claims a cure');
    const adviser = { industry: 'Financial services', contentRestrictions: [] };
    expect(findRestrictionBreaches('Guaranteed returns, risk-free!', adviser)).toHaveLength(2);
    expect(findRestrictionBreaches('Guaranteed returns, risk-free!', { industry: 'Bakery', contentRestrictions: [] })).toEqual([]);
  });

  it('drop only the sentences that breach', () => {
    const clinic = { industry: 'Healthcare', contentRestrictions: [] };
    expect(withoutBreachingSentences('Come and see us. We cure everything! Open Monday.', clinic)).toBe('Come and see us. Open Monday.');
  });
});
