/**
 * A TypeScript user of node-whereami/testing can name every type its
 * signatures use without reaching into the package's internals, and the
 * declarations carry no @internal member. The other entry points are held to
 * the same, where the main entry may supply what they do not export.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { ROOT, staleBuild } from './dist.js';

const TESTING = join(ROOT, 'dist', 'testing');

/** Every name the kit's declaration files import from outside the kit. */
function importedFromOutside(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(TESTING).filter((name) => name.endsWith('.d.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(TESTING, file), 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!statement.moduleSpecifier.text.startsWith('../')) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    }
  }
  return names;
}

function exportsOfEntry(): Set<string> {
  const entry = join(TESTING, 'index.d.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return new Set(checker.getExportsOfModule(module).map((symbol) => symbol.name));
}

it('exports every type its declarations take from elsewhere in the package', () => {
  const stale = staleBuild();
  expect(stale, stale).toBeUndefined();
  const needed = importedFromOutside();
  // The kit's signatures use at least these; the scan must see them.
  for (const name of ['Place', 'AuthorizationStatus', 'AccuracyAuthorization', 'ScriptedPosition']) expect(needed).toContain(name);
  const exported = exportsOfEntry();
  expect([...needed].filter((name) => !exported.has(name))).toEqual([]);
});

it('ships no @internal member in its declarations', () => {
  const dts = readdirSync(TESTING).filter((name) => name.endsWith('.d.ts'));
  expect(dts.length).toBeGreaterThan(1);
  for (const file of dts) expect(readFileSync(join(TESTING, file), 'utf8')).not.toContain('@internal');
});

/**
 * Every type of the package that a public signature of an entry point
 * reaches, at any depth (a parameter's type, that type's fields, ...; private
 * members aside), mapped to whether that entry point exports it.
 */
function reachableTypes(entry = join(TESTING, 'index.d.ts')): Map<string, boolean> {
  const dist = join(ROOT, 'dist');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const real = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const exported = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!).map(real));
  const TYPES = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;
  const seen = new Set<ts.Symbol>();
  const reached = new Map<string, boolean>();
  const isPrivate = (node: ts.Node): boolean =>
    ('name' in node && node.name !== undefined && ts.isPrivateIdentifier(node.name as ts.Node)) ||
    (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword));
  const visitNode = (node: ts.Node): void => {
    if (isPrivate(node)) return;
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const symbol = checker.getSymbolAtLocation(ts.isTypeReferenceNode(node) ? node.typeName : node.expression);
      if (symbol) visitSymbol(symbol);
    }
    ts.forEachChild(node, visitNode);
  };
  const visitSymbol = (symbol: ts.Symbol): void => {
    const target = real(symbol);
    if (seen.has(target)) return;
    seen.add(target);
    const declarations = (target.declarations ?? []).filter((d) => d.getSourceFile().fileName.startsWith(dist));
    if (declarations.length === 0) return; // Node's or the language's own types
    if (target.flags & TYPES) reached.set(target.name, exported.has(target));
    for (const declaration of declarations) visitNode(declaration);
  };
  for (const symbol of exported) visitSymbol(symbol);
  return reached;
}

it('exports every package type its public signatures reach, at any depth', () => {
  const stale = staleBuild();
  expect(stale, stale).toBeUndefined();
  const reached = reachableTypes();
  // Reached through ScriptedLocation's methods and their types' fields; the walk must see them.
  for (const name of ['ScriptedPosition', 'Coordinates', 'Location', 'Place', 'TrackPoint', 'SimulationStats']) expect(reached.has(name), name).toBe(true);
  expect([...reached].filter(([, isExported]) => !isExported).map(([name]) => name)).toEqual([]);
});

it("the other entry points' signatures reach only types that entry or the main entry exports", () => {
  const stale = staleBuild();
  expect(stale, stale).toBeUndefined();
  const main = reachableTypes(join(ROOT, 'dist', 'index.d.ts'));
  expect(main.has('BackendIdentity')).toBe(true);
  const exportedByMain = new Set([...main].filter(([, isExported]) => isExported).map(([name]) => name));
  const missing = ['index.d.ts', 'geolocation/index.d.ts', 'serve/index.d.ts'].flatMap((entry) =>
    [...reachableTypes(join(ROOT, 'dist', entry))]
      .filter(([name, isExported]) => !isExported && !exportedByMain.has(name))
      .map(([name]) => `${entry}: ${name}`),
  );
  expect(missing).toEqual([]);
});
