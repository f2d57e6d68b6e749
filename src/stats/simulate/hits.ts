/**
 * Hit counts per named quantity over simulations (coverage, rejections): the one tally of the calibration simulators.
 */
export interface Hits {
  count(key: string, hit: boolean): void;
  /** Share of hits, over the simulations that counted `key`. */
  rate(key: string): number;
  /** Simulations that counted `key`. */
  n(key: string): number;
  keys(): string[];
  /** The key of `list` with the lowest rate (the first on ties). */
  lowest(list: string[]): string;
}

export function hitCounter(): Hits {
  const hits = new Map<string, [number, number]>();
  const rate = (key: string) => hits.get(key)![0] / hits.get(key)![1];
  return {
    count: (key, hit) => {
      const h = hits.get(key) ?? [0, 0];
      h[0] += hit ? 1 : 0;
      h[1]++;
      hits.set(key, h);
    },
    rate,
    n: (key) => hits.get(key)![1],
    keys: () => [...hits.keys()],
    lowest: (list) => list.reduce((best, k) => (rate(k) < rate(best) ? k : best), list[0]),
  };
}
