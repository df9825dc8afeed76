/** Rates and confidences arrive as fractions (0.034); people read percentages. */
export const percent = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)} %`;

/** "behind_the_scenes" reads as "behind the scenes". */
export const words = (key: string) => key.replaceAll(/[_-]/g, ' ');
