/**
 * What Herald accepts as a password (NIST SP 800-63B: length over composition rules, and no
 * password known from breaches or common lists). Pure; the list is passed in.
 */
export const PASSWORD_RULES = { minLength: 10, maxLength: 256 } as const;

export interface PasswordContext {
  email?: string;
  name?: string;
}

/** Why `password` is refused, in words the person can act on; undefined when it is fine. */
export function passwordProblem(password: string, common: ReadonlySet<string>, context: PasswordContext = {}): string | undefined {
  if (password.length < PASSWORD_RULES.minLength) {
    return `must be at least ${PASSWORD_RULES.minLength} characters (a few unrelated words make a strong one)`;
  }
  if (password.length > PASSWORD_RULES.maxLength) return `must be at most ${PASSWORD_RULES.maxLength} characters`;
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'is one of the most common passwords, which attackers try first; choose another';
  if (new Set(lower).size <= 2) return 'repeats one or two characters; choose something less guessable';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'contains your e-mail address; choose something else';
  const name = context.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower === name) return 'is your name; choose something else';
  return undefined;
}
