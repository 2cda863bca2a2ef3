import { Client } from "pg";
import { column, foreignKey, index, type SchemaShape } from "./schema-shape";

const COLUMNS = `
  select c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default,
         c.datetime_precision
  from information_schema.columns c
  join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
  where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> '_prisma_migrations'`;

const ENUMS = `
  select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as labels
  from pg_type t join pg_enum e on e.enumtypid = t.oid
  join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' group by t.typname`;

const INDEXES = `
  select tbl.relname as table_name, ix.indisprimary as is_primary, ix.indisunique as is_unique,
         array(select a.attname from unnest(ix.indkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = tbl.oid and a.attnum = k.attnum order by k.ord)::text[] as columns
  from pg_index ix join pg_class tbl on tbl.oid = ix.indrelid
  join pg_namespace n on n.oid = tbl.relnamespace
  where n.nspname = 'public' and tbl.relname <> '_prisma_migrations'`;

const FOREIGN_KEYS = `
  select src.relname as table_name, dst.relname as target,
         array(select a.attname from unnest(con.conkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord)::text[] as columns,
         array(select a.attname from unnest(con.confkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord)::text[] as target_columns
  from pg_constraint con join pg_class src on src.oid = con.conrelid join pg_class dst on dst.oid = con.confrelid
  join pg_namespace n on n.oid = src.relnamespace where con.contype = 'f' and n.nspname = 'public'`;

function typeOf(row: {
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
}): string {
  if (row.data_type === "USER-DEFINED") return `enum ${row.udt_name}`;
  if (row.data_type.startsWith("timestamp")) return `${row.data_type}(${row.datetime_precision})`;
  return row.data_type;
}

/** What the migrated database actually looks like. */
export async function actualSchema(url: string): Promise<SchemaShape> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [] };
    for (const row of (await client.query(COLUMNS)).rows) {
      shape.tables[row.table_name] ??= {};
      shape.tables[row.table_name]![row.column_name] = column(
        typeOf(row),
        row.is_nullable === "YES",
        row.column_default !== null,
      );
    }
    for (const row of (await client.query(ENUMS)).rows) shape.enums[row.name] = row.labels;
    for (const row of (await client.query(INDEXES)).rows) {
      const kind = row.is_primary ? "primary" : row.is_unique ? "unique" : "normal";
      shape.indexes.push(index(row.table_name, kind, row.columns));
    }
    for (const row of (await client.query(FOREIGN_KEYS)).rows) {
      shape.foreignKeys.push(
        foreignKey(row.table_name, row.columns, row.target, row.target_columns),
      );
    }
    shape.indexes.sort();
    shape.foreignKeys.sort();
    return shape;
  } finally {
    await client.end();
  }
}
