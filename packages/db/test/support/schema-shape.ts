/**
 * A database schema reduced to what both sides can state: tables with typed
 * columns, enums with ordered labels, indexes and foreign keys as sorted
 * strings. Comparing two of these is the drift check.
 */
export interface SchemaShape {
  tables: Record<string, Record<string, string>>;
  enums: Record<string, string[]>;
  indexes: string[];
  foreignKeys: string[];
}

export function column(type: string, nullable: boolean, hasDefault: boolean): string {
  return `${type}${nullable ? "" : " not null"}${hasDefault ? " default" : ""}`;
}

export function index(
  table: string,
  kind: "primary" | "unique" | "normal",
  columns: string[],
): string {
  return `${table} ${kind} (${columns.join(", ")})`;
}

export function foreignKey(
  table: string,
  columns: string[],
  target: string,
  targetColumns: string[],
): string {
  return `${table} (${columns.join(", ")}) -> ${target} (${targetColumns.join(", ")})`;
}
