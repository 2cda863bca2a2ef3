export {
  installGracefulShutdown,
  CLOSE_MARGIN_MS,
  type ShutdownStep,
  type GracefulShutdownOptions,
} from "./graceful-shutdown";
export { closeHttpServer } from "./close-http-server";
export { runMain } from "./run-main";
export { listen, PortInUseError } from "./listen";
export { runEvery, type Periodic } from "./run-every";
export { runSteps } from "./run-steps";
export { createWorkerDrain, type WorkerDrain } from "./worker-drain";
