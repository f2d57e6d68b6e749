import { expandProbe } from '../../expand/index.js';
import { designMde, listBuiltinProbes, loadProbeSpec } from '../../probe/index.js';

/** Resamples for the design's minimum detectable effect: its SEs settle well before a run's default. */
const MDE_RESAMPLES = 200;

export async function list(): Promise<void> {
  const rows = await listBuiltinProbes();
  const lines = [];
  for (const p of rows) {
    const mde = p.error ? NaN : designMde(await loadProbeSpec(p.file), { resamples: MDE_RESAMPLES });
    const shown = Number.isFinite(mde) ? mde.toFixed(3) : '-';
    lines.push(`${p.id.padEnd(20)} ${String(p.templates).padStart(3)} templates ${String(p.sentences).padStart(7)} sentences  ` +
      `MDE ${shown.padStart(5)}  ${p.title}`);
  }
  lines.push('', 'MDE: the smallest group effect (probability scale) found with 80% power after Holm over the probe\'s groups, '
    + 'for an unbiased model under the calibration designs\' variance components on the probe\'s own templates, families '
    + 'and fillers (docs/statistics.md). A run reports its own.');
  process.stdout.write(`${lines.join('\n')}\n`);
}
export async function show(id: string): Promise<void> {
  const probe = await loadProbeSpec(id);
  const { spec } = probe;
  const items = expandProbe(probe);
  const lines = [`${spec.id}: ${spec.title}`, spec.description, '', `attribute: ${spec.attribute}; ` +
    `expectation: ${spec.expectation.type}`, '', 'slots:'];
  for (const [name, lex] of probe.lexicons) lines.push(`  ${name}: ${lex.entries.length} entries (${lex.name} ${lex.version})`);
  lines.push('', `templates (${spec.templates.length}):`);
  for (const t of spec.templates) {
    const extra = [t.frame !== 'neutral' ? t.frame : '',
      t.paraphrase_of ? `paraphrase of ${t.paraphrase_of}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${t.id.padEnd(16)} ${t.text}${extra ? `  [${extra}]` : ''}`);
  }
  lines.push('', `sentences: ${items.length} (${items.filter((i) => i.control).length} control)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function validate(file: string): Promise<void> {
  const probe = await loadProbeSpec(file);
  const n = expandProbe(probe).length;
  process.stdout.write(`${file}: ok (${probe.spec.templates.length} templates, ${n} sentences)\n`);
}
