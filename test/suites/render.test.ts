import type { CrowsPair, StereoSetItem } from '../../src/datasets/index.js';
import type { ResultRecord } from '../../src/result/index.js';
import { renderSuiteSection } from '../../src/report/index.js';
import { summarizeCrowsPairs, summarizeStereoSet, toSuiteRecord } from '../../src/suites/index.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function record(suite: 'stereoset' | 'crows-pairs', item: string, role: string, score: number): ResultRecord {
  return toSuiteRecord({ suite, item, role, text: `${item} ${role}` }, { label: '', score, probs: [1 - score, score], logits: [], inputIds: [] });
}

describe('renderSuiteSection', () => {
  // A StereoSet item whose target and bias type carry markup: the bias type reaches the chart, both reach tables.
  const items: StereoSetItem[] = [1, 2, 3, 4].map((i) => ({
    id: `intersentence.${i}`, type: 'intersentence', target: HOSTILE, biasType: (i < 3 ? HOSTILE : 'race') as StereoSetItem['biasType'],
    context: 'c', options: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' }, texts: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' },
  }));
  const records = items.flatMap((it, k) => [
    record('stereoset', it.id, 'stereotype', 0.2 + 0.1 * k),
    record('stereoset', it.id, 'anti-stereotype', 0.6),
    record('stereoset', it.id, 'unrelated', 0.5),
  ]);
  const summary = summarizeStereoSet(records, items, { resamples: 100 });
  const html = renderSuiteSection('stereoset', summary);

  it('escapes markup from the dataset in tables and in the chart', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('&lt;script&gt;');
  });

  it('escapes markup in the headline, caveat and notes it is given', () => {
    const tampered = { ...summary, headline: HOSTILE, caveat: HOSTILE, notes: [HOSTILE], citation: HOSTILE };
    const out = renderSuiteSection('stereoset', tampered);
    expect(out).not.toContain('<script');
    expect(out.match(/&lt;script&gt;/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it('shows the headline, a chart, the counts, the LMS note, the citation and the licence', () => {
    expect(html).toContain('<h2>Benchmark suite: StereoSet (dev)</h2>');
    expect(html).toContain('<svg');
    expect(html).toContain('<div><dt>items</dt><dd>4</dd></div>');
    expect(html).toContain('<div><dt>sentences scored</dt><dd>12</dd></div>');
    expect(html).toContain('LMS and ICAT are not computed');
    expect(html).toContain('Moin Nadeem, Anna Bethke, Siva Reddy. 2021.');
    expect(html).toContain('Licence: CC BY-SA 4.0');
    // All 4 stereotype options score below their anti-stereotype option (0.2, 0.3, 0.4, 0.5 vs 0.6).
    expect(summary.more_negative).toMatchObject({ k: 4, n: 4 });
  });

  it('shows the CrowS-Pairs reliability caveat and gap definition', () => {
    const pairs: CrowsPair[] = [0, 1, 2].map((id) => ({
      id, sentMore: 'm', sentLess: 'l', direction: 'stereo', biasType: 'age', annotations: [], writer: 'a0', annotators: [],
    }));
    const rs = pairs.flatMap((p) => [record('crows-pairs', String(p.id), 'more', 0.3), record('crows-pairs', String(p.id), 'less', 0.4)]);
    const out = renderSuiteSection('crows-pairs', summarizeCrowsPairs(rs, pairs, { resamples: 100 }));
    expect(out).toContain('significant issues with noise and reliability');
    expect(out).toContain('Blodgett et al. (2021)');
    expect(out).toContain('gap &#x3D; P(positive | sent_more) − P(positive | sent_less)'); // Handlebars escapes "=" too
  });
});
