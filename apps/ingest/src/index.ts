export { createIngest, type IngestDeps } from "./create-ingest";
export { createIngestServer } from "./create-ingest-server";
