export { HttpError, errorEnvelope } from "./http-error";
export { sendError } from "./send-error";
export { sendJson } from "./send-json";
export { fromBodyParser } from "./body-parser-error";
