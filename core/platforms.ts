/** The social platforms Herald publishes to, in the order the product lists them. */
export const PLATFORMS = ['x', 'linkedin', 'facebook', 'instagram', 'tiktok', 'youtube'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
