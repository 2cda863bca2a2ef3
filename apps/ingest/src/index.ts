export { createIngest, type Ingest, type IngestDeps } from "./create-ingest";
