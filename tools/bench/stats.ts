/** Small statistics and size helpers shared by the benchmark's phases. */

export interface Size {
  apps: number;
  perms: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Least-squares line y = intercept + slope·x through the points (at least two distinct x). */
export function fitLine(points: { x: number; y: number }[]): { intercept: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

export function sizeLabel(size: Size): string {
  return `${size.apps}x${size.perms}`;
}

export function parseSizes(text: string): Size[] {
  return text.split(",").map((part) => {
    const match = /^(\d+)x(\d+)$/.exec(part.trim());
    if (!match || Number(match[1]) < 1)
      throw new Error(`bad size "${part}"; expected NxK with N ≥ 1, e.g. 100x10`);
    return { apps: Number(match[1]), perms: Number(match[2]) };
  });
}

export function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${option} must be a positive integer, not ${text}`);
  return value;
}
