/**
 * Imports point one way: no cycle between the folders of src/ (each a pipeline stage or a shared kit), and none
 * between files. The module graph comes from dependency-cruiser. Type-only imports count: a type is part of the
 * design even though the compiler erases it (result.json's contract in src/result imports no stage, so every stage can
 * use it). Left out, as the architecture allows it: the lazy `import()` of an action by its command inside cli/.
 */
import { cruise, type IModule } from 'dependency-cruiser';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

type Graph = Map<string, Set<string>>;

let modules: IModule[];
beforeAll(async () => {
  const previous = process.cwd();
  process.chdir(PACKAGE_ROOT); // dependency-cruiser names modules relative to the working directory
  try {
    const result = await cruise(['src'], { tsPreCompilationDeps: true, exclude: { path: 'node_modules' } }, undefined, {
      tsConfig: { fileName: 'tsconfig.json' },
    });
    modules = (result.output as { modules: IModule[] }).modules.filter((m) => m.source.startsWith('src/'));
  } finally {
    process.chdir(previous);
  }
}, 60_000);

/** The folder under src/ ("probe", "report"), or the file itself for modules at the top (src/errors.ts). */
function folderOf(path: string): string {
  const rest = path.replace(/^src\//, '');
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest;
}

/** Edges that are type-only imports (every import between the two files is `import type`). */
let typeOnly: Set<string>;
beforeAll(() => {
  typeOnly = new Set(modules.flatMap((m) =>
    m.dependencies.filter((d) => d.dependencyTypes.includes('type-only')).map((d) => `${m.source} -> ${d.resolved}`)));
});

/** The imports between modules of src/, type-only ones included, as the rules above count them. */
function importEdges(): [string, string][] {
  return modules.flatMap((m) =>
    m.dependencies
      .filter((d) => d.resolved.startsWith('src/'))
      .filter((d) => !(d.dependencyTypes.includes('dynamic-import') && m.source.startsWith('src/cli/commands/')))
      .map((d): [string, string] => [m.source, d.resolved]),
  );
}

function graphOf(edges: [string, string][], node: (path: string) => string): Graph {
  const graph: Graph = new Map();
  for (const [from, to] of edges) {
    const a = node(from);
    const b = node(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan): each one is a cycle. */
export function cyclesOf(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Folders every stage may import module by module: shared kits, not stages. */
const KITS = ['config', 'util'];

/**
 * Deep imports still allowed. cli/actions load review's pieces lazily, one per command, so that `audit check` does
 * not load the report's renderer. The others are in files that open branches rewrite (issues 13 and 14); the
 * integrator routes them through index.ts after merging.
 */
const DEEP_IMPORTS_ALLOWED = [
  'src/cli/actions/',
  'src/review/run-dir.ts ->',
];

function crossesIntoStage(from: string, to: string): boolean {
  const a = folderOf(from);
  const b = folderOf(to);
  return a !== b && to.slice('src/'.length).includes('/') && !KITS.includes(b);
}

describe('the import graph of src/', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const graph = graphOf([['src/probe/a.ts', 'src/expand/b.ts'], ['src/expand/b.ts', 'src/probe/c.ts'], ['src/report/x.ts', 'src/probe/a.ts']], folderOf);
    expect(cyclesOf(graph)).toEqual([['expand', 'probe']]);
  });

  it('reads the modules (the graph is not empty)', () => {
    expect(modules.length).toBeGreaterThan(150);
    expect(importEdges().length).toBeGreaterThan(300);
  });

  it('counts type-only imports (src/result/types.ts is imported for its types alone)', () => {
    expect(importEdges()).toContainEqual(['src/probe-types.ts', 'src/result/index.ts']);
  });

  it('has no cycle between folders', () => {
    expect(cyclesOf(graphOf(importEdges(), folderOf))).toEqual([]);
  });

  it('has no cycle between files (runtime imports; two files of one folder may share types both ways)', () => {
    const runtime = importEdges().filter(([from, to]) => !typeOnly.has(`${from} -> ${to}`));
    expect(cyclesOf(graphOf(runtime, (p) => p))).toEqual([]);
  });

  it('reaches another stage through its index.ts (shared kits in config/ and util/ excepted)', () => {
    const deep = modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.resolved.startsWith('src/') && crossesIntoStage(m.source, d.resolved) && !d.resolved.endsWith('/index.ts'))
        .map((d) => `${m.source} -> ${d.resolved}`),
    );
    expect(deep.filter((edge) => !DEEP_IMPORTS_ALLOWED.some((allowed) => edge.startsWith(allowed)))).toEqual([]);
  });

  it('keeps runner/ to one job: it imports none of probe/, expand/, stats/, model/ (type-only imports included)', () => {
    const stages = ['probe', 'expand', 'stats', 'model'];
    const reached = modules
      .filter((m) => folderOf(m.source) === 'runner')
      .flatMap((m) => m.dependencies.filter((d) => stages.includes(folderOf(d.resolved))).map((d) => `${m.source} -> ${d.resolved}`));
    expect(reached).toEqual([]);
  });

  it('has no stage importing the command line (src/cli is the top)', () => {
    const upward = importEdges().filter(([from, to]) => !from.startsWith('src/cli/') && to.startsWith('src/cli/'));
    expect(upward).toEqual([]);
  });
});
