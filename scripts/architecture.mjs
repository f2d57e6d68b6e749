// `npm run architecture`: the facts docs/architecture.md shows, measured from the code: the folder graph (imports
// between folders of src/, type-only ones included, as test/architecture/imports.test.ts counts them), the largest functions, and
// the size of the public API (the names src/index.ts exports). Paste its output into the doc when they change.
import { cruise } from 'dependency-cruiser';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const folderOf = (p) => {
  const rest = p.replace(/^src\//, '');
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest.replace(/\.ts$/, '');
};

async function folderGraph() {
  const result = await cruise(['src'], { tsPreCompilationDeps: true, exclude: { path: 'node_modules' } }, undefined, {
    tsConfig: { fileName: 'tsconfig.json' },
  });
  const graph = new Map();
  for (const m of result.output.modules.filter((x) => x.source.startsWith('src/'))) {
    for (const d of m.dependencies) {
      if (!d.resolved.startsWith('src/')) continue;
      if (d.dependencyTypes.includes('dynamic-import') && m.source.startsWith('src/cli/commands/')) continue;
      const a = folderOf(m.source);
      const b = folderOf(d.resolved);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a).add(b);
    }
  }
  return [...graph.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([a, bs]) => `${a} -> ${[...bs].sort().join(', ')}`);
}

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function largestFunctions(n) {
  const found = [];
  for (const file of files('src')) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line;
    const lines = (node) => lineOf(node.getEnd()) - lineOf(node.getStart()) + 1;
    const visit = (node) => {
      let name = null;
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body) name = node.name?.getText() ?? '(anonymous)';
      else if (ts.isVariableDeclaration(node) && node.initializer && ts.isFunctionLike(node.initializer)) name = node.name.getText();
      if (name) found.push({ name, file: relative('.', file), lines: lines(node) });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines).slice(0, n).map((f) => `${String(f.lines).padStart(4)}  ${f.name} (${f.file})`);
}

function publicApi(entry) {
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 };
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const names = checker.getExportsOfModule(symbol);
  const values = names.filter((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return (target.flags & ts.SymbolFlags.Value) !== 0;
  });
  return { total: names.length, values: values.length, types: names.length - values.length };
}

const graph = await folderGraph();
console.log('Folder graph (imports between folders, type-only ones included):');
for (const line of graph) console.log(`  ${line}`);
console.log('\nLargest functions (lines):');
for (const line of largestFunctions(12)) console.log(`  ${line}`);
console.log('\nPublic API (exported names):');
for (const [name, entry] of [['bias-audit', 'src/index.ts'], ['bias-audit/stats', 'src/stats/public.ts']]) {
  const api = publicApi(entry);
  console.log(`  ${name} (${entry}): ${api.total} (${api.values} values, ${api.types} types only)`);
}
