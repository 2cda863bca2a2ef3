export { createIngest, type IngestDeps } from "./create-ingest";
