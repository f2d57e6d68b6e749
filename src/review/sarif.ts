/**
 * A check outcome as SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): a rule per metric, one result per
 * failed policy rule at level "error" and per inconclusive one at "warning" ("error" under --strict), located
 * at the run's result.json. The location is a relative URI reference (each path segment percent-encoded) against
 * the base id SRCROOT, the checkout the viewer maps it onto (SARIF 2.1.0 §3.4.4); `originalUriBaseIds` records where
 * SRCROOT was when the file was written.
 */
import { pathToFileURL } from 'node:url';
import type { CheckOutcome } from './check.js';
import { METRIC_DESCRIPTIONS } from './metrics.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export const URI_BASE_ID = 'SRCROOT';

export interface SarifOptions {
  /** The result.json path relative to the repository root, with "/" (not yet URI-encoded). */
  resultUri: string;
  /** The repository root as an absolute path, recorded as SRCROOT's original location (omitted when not given). */
  root?: string;
  toolVersion: string;
}

/** A relative path ("reports/run 1/result.json") as a relative URI reference ("reports/run%201/result.json"). */
export function relativeUri(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

const part = (r: { part?: string }) => (r.part ? `[${r.part}]` : '');

export function checkSarif(outcome: CheckOutcome, options: SarifOptions): Record<string, unknown> {
  const metrics = [...new Set(outcome.rules.map((r) => r.metric))];
  const rules = metrics.map((metric) => ({
    id: metric,
    name: metric.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: `Bias metric ${metric} shown to be within the policy's margin` },
    fullDescription: { text: METRIC_DESCRIPTIONS[metric] ?? `The metric ${metric} of result.json stats.summary.` },
    defaultConfiguration: { level: 'error' },
  }));
  const results = outcome.rules
    .filter((r) => r.status === 'fail' || r.status === 'inconclusive')
    .map((r) => ({
      ruleId: r.metric,
      ruleIndex: metrics.indexOf(r.metric),
      level: r.status === 'fail' || outcome.strict ? 'error' : 'warning',
      message: { text: `Policy "${outcome.policy}", rule ${r.id}: ${r.message}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: relativeUri(options.resultUri), uriBaseId: URI_BASE_ID }, region: { startLine: 1 } },
        // A per-part rule (a HolisticBias axis, a data table's measure) names its part.
        logicalLocations: [{ fullyQualifiedName: `${outcome.subject.data ? 'data' : 'stats'}.summary.${r.metric}${part(r)}`,
          kind: 'member' }],
      }],
      // Stable across runs of the same rule, so viewers track one alert instead of opening a new one each time.
      partialFingerprints: { policyRule: `${outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data}/${r.id}` },
      properties: {
        status: r.status, threshold: r.threshold, on: r.on, compared: r.compared, value: r.estimate?.value, ci: r.estimate?.ci,
      },
    }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bias-audit', version: options.toolVersion, rules } },
      ...(options.root ? { originalUriBaseIds: { [URI_BASE_ID]: { uri: directoryUri(options.root) } } } : {}),
      results,
      properties: {
        policy: outcome.policy, model: outcome.subject.model, fingerprint: outcome.subject.fingerprint, passed: outcome.passed,
        status: outcome.status, policyVersion: outcome.policy_version,
      },
    }],
  };
}

/** An absolute directory as a file: URI ending in "/" (a base URI must, for relative references to resolve under it). */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
