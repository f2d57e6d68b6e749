/**
 * A small seeded PRNG (sfc32, seeded through splitmix32).
 *
 * Why our own: Math.random cannot be seeded, and the seedrandom generator inside tfjs does not expose its state,
 * so neither could be saved into a checkpoint. Training needs (a) the same weights and data order for the same
 * seed and (b) a resumed run that draws exactly the numbers an uninterrupted run would have drawn. A 128-bit
 * state of four uint32 words is trivial to save as JSON and restore.
 */
export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      let s = seedOrState >>> 0;
      const next = (): number => {
        // splitmix32: spreads a small integer seed over all 128 state bits.
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
      };
      [this.a, this.b, this.c, this.d] = [next(), next(), next(), next()];
      for (let i = 0; i < 12; i++) this.nextUint32();
    } else {
      [this.a, this.b, this.c, this.d] = seedOrState.map((x) => x >>> 0) as RngState;
    }
  }

  /** The state to save; `new Rng(state)` continues the same sequence. */
  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; one draw per call keeps the state a pure function of the call count). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
