import { describe, expect, it } from 'vitest';
import { emailCategoryOf } from '../../core/email-preferences.js';

describe('emailCategoryOf', () => {
  it('files each notice Herald writes under the category a person can turn off', () => {
    expect(emailCategoryOf('approval_digest')).toBe('digest');
    expect(emailCategoryOf('approval_requested')).toBe('digest');
    expect(emailCategoryOf('replacement_ready')).toBe('digest');
    expect(emailCategoryOf('expired')).toBe('reminders');
    expect(emailCategoryOf('post_alert.underperforming')).toBe('alerts');
    expect(emailCategoryOf('account_needs_reconnect')).toBe('alerts');
    expect(emailCategoryOf('strategy_ready')).toBe('weekly');
    expect(emailCategoryOf('billing.payment_failed')).toBe('billing');
  });

  it('files the reminders the post and weekly workflows write, one kind per wake-up, and the billing notices as written, so turning a category off stops them', () => {
    expect(emailCategoryOf('reminder-2026-12-10T08:00:00.000Z')).toBe('reminders');
    expect(emailCategoryOf('strategy_reminder_2')).toBe('weekly');
    expect(emailCategoryOf('billing_payment_failed')).toBe('billing');
  });

  it('leaves mail it does not know (sign-in, invitations) impossible to turn off', () => {
    expect(emailCategoryOf('password_reset')).toBeUndefined();
    expect(emailCategoryOf('invitation')).toBeUndefined();
  });
});
