import { Rng } from '../../src/train/prng.js';

describe('Rng', () => {
  it('draws the same sequence for the same seed and another one for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('continues exactly from a saved state', () => {
    const rng = new Rng(123);
    for (let i = 0; i < 10; i++) rng.next();
    const copy = new Rng(JSON.parse(JSON.stringify(rng.state())));
    expect(Array.from({ length: 20 }, () => copy.next())).toEqual(Array.from({ length: 20 }, () => rng.next()));
  });

  it('draws uniforms in [0, 1) with mean near 1/2 and normals with variance near 1', () => {
    const rng = new Rng(1);
    const u = Array.from({ length: 20000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b, 0) / u.length).toBeCloseTo(0.5, 2);
    const z = Array.from({ length: 20000 }, () => rng.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation of its input', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = new Rng(3).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
