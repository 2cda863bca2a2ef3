export { createApp, type IngestDeps } from "./create-app";
