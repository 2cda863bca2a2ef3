/** Per-process facts the readiness endpoint reports. */
export interface IngestState {
  lastAcceptedAt: Date | null;
}

export function createIngestState(): IngestState {
  return { lastAcceptedAt: null };
}
