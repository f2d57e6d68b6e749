/** `audit plan init`: a commented plan to fill in (pure: the text). Every value is quoted YAML, so names stay data. */
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../config/defaults.js';

export interface InitOptions {
  model?: string;
  probes?: string[];
  suites?: string[];
  data?: string[];
}

const q = (s: string) => JSON.stringify(s);

export function planTemplate(o: InitOptions): string {
  const runs = [
    ...(o.probes ?? []).map((p) => `  - probe: ${q(p)}          # a built-in probe id or a probe file (relative to this file)\n    # ` +
      `limit: 2000`),
    ...(o.suites ?? []).map((s) => `  - suite: ${q(s)}`),
    ...(o.data ?? []).map((d) => `  - data: ${q(d)}           # a CSV, TSV or JSON Lines file, or sst2-dev\n    # label_column: label\n  ` +
      `  # group_columns: [woman]\n    # sample: 1000\n    # intersect: [gender, nationality]   # two axes crossed (--intersect)`),
  ];
  if (runs.length === 0) runs.push('  - probe: "gender"');
  return `# Audit plan: fixed before anything is scored (ISO/IEC 42001 A.6.2.4: verification criteria written down first).
# \`audit run --plan THIS_FILE --out DIR\` runs all of it into DIR/runs/<id>/ and locks every input in DIR/plan.lock.json;
# a later run refuses any change. To change the plan, edit it and run \`audit plan amend THIS_FILE --out DIR\`.
version: 1

# The system under review and what it is for.
system:
  name: "TODO: the system"
  purpose: "TODO: its intended purpose, e.g. routing customer reviews by sentiment"

# Who it will be used on, and in which language(s). The built-in probes and suites are English only.
deployment:
  population: "TODO: e.g. adult customers of an online shop in the EU"
  language: "en"

# The attributes in scope, and why each one is.
attributes:
  - name: "gender"
    why: "TODO: why gender could matter here"

# The model: a directory, a cached hub id, or "demo" (the embedded demo model cannot be filed).
model: ${q(o.model ?? 'demo')}

# What runs. Each gets a folder DIR/runs/<id>/ (id: the probe, suite or file name unless given).
runs:
${runs.join('\n')}

# The policy every run is checked against ("default": the shipped policies/default.yaml).
policy: "default"

# Seed of every sample and bootstrap, and the bootstrap's resamples.
seed: ${DEFAULT_SEED}
resamples: ${DEFAULT_RESAMPLES}

# The test data: why it is processed and how long it is kept (EU AI Act Art. 10(5) for group columns).
data_handling:
  purpose: "TODO: e.g. bias detection before deployment, nothing else"
  retention: "TODO: e.g. kept with the decision record for 10 years by the compliance team"
  redact: false      # true: data runs keep texts and group values out of their files (an HMAC of each text instead)
  # redact_key: "../keys/audit-hmac.key"   # required with redact: a key file outside the audit directory
`;
}
