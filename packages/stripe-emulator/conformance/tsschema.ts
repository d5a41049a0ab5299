import ts from 'typescript';

/**
 * Minimal TypeScript-compiler-API → JSON Schema converter for the stripe .d.ts types.
 * (ts-json-schema-generator 2.4 cannot name stripe's nested namespace types uniquely — "Type Card has multiple
 * definitions" — and inlining them all (`expose:'none'`) exhausts memory, so definitions here are keyed by type identity.)
 */
export type JsonSchema = { [key: string]: unknown };

/** Schema keyword (ignored by Ajv) marking the SDK's open-ended `OtherString` enum member. */
export const OTHER_STRING = 'x-other-string';
/** Bumped whenever the conversion changes, so cached schemas are regenerated. */
export const SCHEMA_FORMAT = 2;

export function generateSchemas(file: string, options: ts.CompilerOptions): Record<string, JsonSchema> {
  const program = ts.createProgram([file], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot load ${file}`);
  const ids = new Map<ts.Type, string>();
  const definitions: Record<string, JsonSchema> = {};
  const ref = (id: string): JsonSchema => ({ $ref: `#/definitions/${id}` });

  const isFunction = (t: ts.Type): boolean => t.getCallSignatures().length > 0 && t.getProperties().length === 0;

  function convert(type: ts.Type): JsonSchema {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.StringLiteral && type.isStringLiteral()) return { const: type.value };
    if (f & ts.TypeFlags.NumberLiteral && type.isNumberLiteral()) return { const: type.value };
    if (f & ts.TypeFlags.BooleanLiteral) return { const: checker.typeToString(type) === 'true' };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.BigInt)) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) return { not: {} };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      const bools = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const rest = members.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
      const parts = rest.map(convert);
      if (bools.length === 2) parts.push({ type: 'boolean' });
      else parts.push(...bools.map(convert));
      return parts.length === 1 ? parts[0] : { anyOf: parts };
    }
    // `OtherString` (string & Record<never, never>) widens the SDK's enums to string for forward compatibility; marked so
    // strict request validation can hold requests to the listed values while response checks stay open.
    if (type.isIntersection() && type.types.some((t) => t.flags & ts.TypeFlags.String)) return { [OTHER_STRING]: true };
    if (type.isIntersection() && type.types.some((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike))) return {}; // branded primitives (Decimal)
    if (checker.isArrayType(type)) {
      const arg = checker.getTypeArguments(type as ts.TypeReference)[0]; // isArrayType guarantees a TypeReference
      return { type: 'array', items: arg ? convert(arg) : {} };
    }
    if (checker.isTupleType(type)) return { type: 'array' };
    if (isFunction(type)) return {};
    const name = type.getSymbol()?.getName();
    if (name === 'Date') return {};
    if (f & ts.TypeFlags.Object || type.isIntersection()) return objectRef(type);
    return {};
  }

  function objectRef(type: ts.Type): JsonSchema {
    const existing = ids.get(type);
    if (existing) return ref(existing);
    const id = `T${ids.size}_${checker.typeToString(type).replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40)}`;
    ids.set(type, id);
    definitions[id] = {};
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : checker.getDeclaredTypeOfSymbol(prop);
      if (isFunction(propType)) continue;
      const pn = prop.getName();
      if (pn.startsWith('__')) continue;
      properties[pn] = convert(propType);
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(pn);
    }
    const index = checker.getIndexInfosOfType(type)[0];
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: index ? convert(index.type) : false };
    if (required.length) schema.required = required;
    definitions[id] = schema;
    return ref(id);
  }

  const roots: Record<string, JsonSchema> = {};
  ts.forEachChild(source, (node) => {
    if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      roots[node.name.text] = convert(checker.getTypeAtLocation(node.name));
    }
  });
  for (const [name, schema] of Object.entries(roots)) definitions[name] = schema;
  return definitions;
}
