/**
 * A check outcome as SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): a rule per metric, one result per
 * failed policy rule at level "error", located at the run's result.json.
 */
import type { CheckOutcome } from './check.js';
import { METRIC_DESCRIPTIONS } from './metrics.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** The result.json path as the viewer should resolve it (relative to the repository root, with "/"). */
  resultUri: string;
  toolVersion: string;
}

export function checkSarif(outcome: CheckOutcome, options: SarifOptions): Record<string, unknown> {
  const metrics = [...new Set(outcome.rules.map((r) => r.metric))];
  const rules = metrics.map((metric) => ({
    id: metric,
    name: metric.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: `Bias metric ${metric} within policy thresholds` },
    fullDescription: { text: METRIC_DESCRIPTIONS[metric] ?? `The metric ${metric} of result.json stats.summary.` },
    defaultConfiguration: { level: 'error' },
  }));
  const results = outcome.rules
    .filter((r) => r.status === 'fail')
    .map((r) => ({
      ruleId: r.metric,
      ruleIndex: metrics.indexOf(r.metric),
      level: 'error',
      message: { text: `Policy "${outcome.policy}", rule ${r.id}: ${r.message}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: options.resultUri }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: `${outcome.subject.data ? 'data' : 'stats'}.summary.${r.metric}`, kind: 'member' }],
      }],
      // Stable across runs of the same rule, so viewers track one alert instead of opening a new one each time.
      partialFingerprints: { policyRule: `${outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data}/${r.id}` },
      properties: { threshold: r.threshold, on: r.on, compared: r.compared, value: r.estimate?.value, ci: r.estimate?.ci },
    }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bias-audit', version: options.toolVersion, rules } },
      results,
      properties: { policy: outcome.policy, model: outcome.subject.model, fingerprint: outcome.subject.fingerprint, passed: outcome.passed },
    }],
  };
}
