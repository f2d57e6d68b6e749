import { resolveModel } from '../../config/model.js';
import { cacheDir, datasetsDir } from '../../config/paths.js';
import { listDatasets } from '../../datasets/index.js';
import { isAuditError } from '../../errors.js';
import { backendStatus } from '../../model/index.js';
import { TOOL_VERSION } from '../../version.js';
import type { DoctorArgs } from '../commands/doctor.js';

export async function doctor(args: DoctorArgs): Promise<void> {
  const lines: string[] = [`bias-audit ${TOOL_VERSION}, node ${process.version}, ${process.platform}-${process.arch}`, '', 'backends:'];
  for (const b of await backendStatus()) lines.push(`  ${b.available ? 'yes' : 'no '} ${b.name.padEnd(15)} ${b.reason}`);
  const { engineStatus } = await import('../../engines/onnx/index.js');
  const onnx = await engineStatus();
  lines.push('', 'engines:', '  yes tfjs            TensorFlow.js (backends above)');
  lines.push(`  ${onnx.available ? 'yes' : 'no '} onnx           ` +
    ` ${onnx.available ? `onnxruntime-node ${onnx.version}, ${onnx.threads} threads` : onnx.reason}`);
  const { chooseEngine } = await import('../../engines/index.js');
  const picked = await chooseEngine('auto', args.backend);
  lines.push(`  --engine auto picks ${picked.engine}: ${picked.reason.replace(/^auto: /, '')}`);
  lines.push('', 'model:');
  try {
    const m = resolveModel(args.model, args.cache);
    lines.push(`  ${m.name}`, `  ${m.dir} (${m.source}${m.demo ? ', demo stand-in' : ''})`);
  } catch (e) {
    lines.push(`  not found: ${isAuditError(e) ? e.message : String(e)}`);
  }
  const dir = datasetsDir(args.datasets, args.cache);
  lines.push('', `datasets (${dir}):`);
  for (const d of await listDatasets(dir)) lines.push(`  ${d.found ? 'yes' : 'no '} ${d.name.padEnd(12)} ${d.found ? `${d.count} items` :
    'missing'}  ${d.licence}`);
  lines.push('', `cache: ${cacheDir(args.cache)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
