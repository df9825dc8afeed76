/**
 * Checks generated copy against the brand's content restrictions after generation: a prompt can
 * ask a model to avoid a claim, only a check can make sure it did. Regulated industries get a
 * built-in list of claims their regulators forbid, on top of the brand's own restrictions.
 */
interface RegulatedRule {
  label: string;
  industry: RegExp;
  claims: { pattern: RegExp; why: string }[];
}

const REGULATED: RegulatedRule[] = [
  {
    label: 'healthcare',
    industry: /health|medic|pharma|clinic|dental|hospital|wellness|therap/i,
    claims: [
      { pattern: /\bcures?\b|\bcured\b/i, why: 'claims a cure' },
      { pattern: /\bmiracle\b/i, why: 'promises a miracle' },
      { pattern: /\bguarantee[ds]?\b/i, why: 'guarantees a health outcome' },
      { pattern: /\bno side[- ]effects\b/i, why: 'claims no side effects' },
      { pattern: /\b100\s?% (safe|effective)\b/i, why: 'claims absolute safety or efficacy' },
    ],
  },
  {
    label: 'financial services',
    industry: /financ|bank|invest|insur|wealth|crypto|trading|lending|mortgage/i,
    claims: [
      { pattern: /\bguarantee[ds]? (returns?|profits?|income|gains?)\b/i, why: 'guarantees returns' },
      { pattern: /\brisk[- ]free\b/i, why: 'calls an investment risk-free' },
      { pattern: /\bget rich\b/i, why: 'promises riches' },
      { pattern: /\bdouble your money\b/i, why: 'promises to double money' },
      { pattern: /\bcan(?:'|no)t lose\b/i, why: 'claims you cannot lose' },
    ],
  },
];

export interface RestrictionSubject {
  industry: string;
  contentRestrictions: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Terms a brand restriction forbids: quoted phrases exactly, otherwise what follows "avoid",
 * "no", "never mention", "don't mention" (e.g. "Never mention competitors" -> "competitors").
 */
export function forbiddenTerms(restriction: string): string[] {
  const quoted = [...restriction.matchAll(/["“']([^"”']{2,})["”']/g)].map((m) => m[1]!.trim());
  if (quoted.length > 0) return quoted;
  const match = restriction.match(/^\s*(?:avoid|no|never (?:say|mention|use)|don'?t (?:say|mention|use)|do not (?:say|mention|use))\s+(?:mentions? of |the word |the words )?(.+?)\.?\s*$/i);
  return match?.[1] ? [match[1].trim()] : [];
}

/** Sentences a compliance reviewer would flag, naming what each breaks. Empty when the copy is clean. */
export function findRestrictionBreaches(text: string, subject: RestrictionSubject): string[] {
  const breaches: string[] = [];
  for (const restriction of subject.contentRestrictions) {
    for (const term of forbiddenTerms(restriction)) {
      if (new RegExp(`\\b${escape(term)}\\b`, 'i').test(text)) breaches.push(`mentions "${term}" (restriction: ${restriction})`);
    }
  }
  for (const rule of REGULATED.filter((r) => r.industry.test(subject.industry))) {
    for (const claim of rule.claims) {
      const found = text.match(claim.pattern);
      if (found) breaches.push(`"${found[0]}" ${claim.why}, which ${rule.label} brands may not publish`);
    }
  }
  return breaches;
}

/** Drops the sentences that breach a restriction; used by the offline writer on user-supplied briefs. */
export function withoutBreachingSentences(text: string, subject: RestrictionSubject): string {
  const sentences = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  return sentences
    .filter((s) => findRestrictionBreaches(s, subject).length === 0)
    .join('')
    .trim();
}
