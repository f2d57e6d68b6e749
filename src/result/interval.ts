/** A point estimate with its 95% interval: the unit of every named metric (probe, suite and data runs alike). */
export interface Interval {
  value: number;
  /** 95% interval [low, high]. */
  ci: [number, number];
}
