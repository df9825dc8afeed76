import { useMutation, useQuery } from '@tanstack/react-query';
import { api, type Body, type Ok } from '../../../lib/api-client.js';

const PATH = '/api/v1/orgs/{orgId}/billing';
export type BillingState = Ok<typeof PATH, 'get'>;
export type Checkout = Body<`${typeof PATH}/checkout`, 'post'>;
export type PaidPlan = Checkout['plan'];

/** Only these roles may start a checkout or open the portal (the API answers 403 to others). */
export const BILLING_MANAGERS: readonly string[] = ['owner', 'admin'];

export const billingKey = (orgId: string) => ['orgs', orgId, 'billing'] as const;

/** The plan and usage; `waitingForStripe` polls while a paid checkout is being applied from Stripe's webhook. */
export const useBilling = (orgId: string, waitingForStripe = false) =>
  useQuery({
    queryKey: billingKey(orgId),
    queryFn: ({ signal }) => api<BillingState>(`/orgs/${orgId}/billing`, { signal }),
    refetchInterval: (query) => (waitingForStripe && query.state.data?.plan === 'free' ? 2000 : false),
  });

/** Leaves Herald for Stripe: Checkout to subscribe, or the Customer Portal to change or pay. */
const goTo = (url: string) => window.location.assign(url);

export const useCheckout = (orgId: string) =>
  useMutation({
    mutationFn: (input: Checkout) => api<Ok<`${typeof PATH}/checkout`, 'post'>>(`/orgs/${orgId}/billing/checkout`, { method: 'POST', json: input }),
    onSuccess: ({ url }) => goTo(url),
  });

export const usePortal = (orgId: string) =>
  useMutation({
    mutationFn: () => api<Ok<`${typeof PATH}/portal`, 'post'>>(`/orgs/${orgId}/billing/portal`, { method: 'POST' }),
    onSuccess: ({ url }) => goTo(url),
  });
