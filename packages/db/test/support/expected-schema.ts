import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { SCHEMA_PATH } from "@hookline/db";
import { column, foreignKey, index, type SchemaShape } from "./schema-shape";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

// How Prisma maps each scalar (and its @db attribute) to PostgreSQL, as
// information_schema spells the type.
function columnType(field: DmmfField, enums: Map<string, string>): string {
  if (field.kind === "enum") return `enum ${enums.get(field.type)}`;
  const native = field.nativeType?.[0];
  switch (field.type) {
    case "String":
      return "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "Json":
      return "jsonb";
    case "DateTime":
      return native === "Timestamptz"
        ? "timestamp with time zone(3)"
        : "timestamp without time zone(3)";
    default:
      throw new Error(`drift check does not know Prisma type ${field.type}; extend it`);
  }
}

/** What schema.prisma says the database must look like. */
export function expectedSchema(): SchemaShape {
  const dmmf = JSON.parse(
    get_dmmf(
      JSON.stringify({ prismaSchema: [["schema.prisma", readFileSync(SCHEMA_PATH, "utf8")]] }),
    ),
  ) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const enumNames = new Map(enums.map((item) => [item.name, item.dbName ?? item.name]));
  const tableOf = new Map(models.map((model) => [model.name, model.dbName ?? model.name]));
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName)!;
    return field.dbName ?? field.name;
  };

  const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [] };
  for (const item of enums) {
    shape.enums[item.dbName ?? item.name] = item.values.map((value) => value.dbName ?? value.name);
  }
  for (const model of models) {
    const table = tableOf.get(model.name)!;
    shape.tables[table] = {};
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields?.length) {
          const target = models.find((candidate) => candidate.name === field.type)!;
          shape.foreignKeys.push(
            foreignKey(
              table,
              field.relationFromFields.map((name) => columnOf(model, name)),
              tableOf.get(field.type)!,
              (field.relationToFields ?? []).map((name) => columnOf(target, name)),
            ),
          );
        }
        continue;
      }
      shape.tables[table][field.dbName ?? field.name] = column(
        columnType(field, enumNames),
        !field.isRequired,
        field.hasDefaultValue,
      );
    }
  }
  for (const item of indexes) {
    const model = models.find((candidate) => candidate.name === item.model)!;
    const kind = item.type === "id" ? "primary" : item.type === "unique" ? "unique" : "normal";
    shape.indexes.push(
      index(
        tableOf.get(model.name)!,
        kind,
        item.fields.map((field) => columnOf(model, field.name)),
      ),
    );
  }
  shape.indexes.sort();
  shape.foreignKeys.sort();
  return shape;
}
