/**
 * A TypeScript user of node-whereami/testing can name every type its
 * signatures use without reaching into the package's internals, and the
 * declarations carry no @internal member.
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
