import winston from "winston";
import { redactEntry } from "./redact";

export type Logger = winston.Logger;

export interface CreateLoggerOptions {
  service: string;
  level: string;
  /** Where lines go; tests pass a stream to read them back. */
  stream?: NodeJS.WritableStream;
}

const redactFields = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === "level" || key === "message") continue;
    info[key] = redactEntry(key, info[key]);
  }
  return info;
});

export function createLogger(options: CreateLoggerOptions): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({
    level: options.level,
    defaultMeta: { service: options.service },
    format: winston.format.combine(
      winston.format.timestamp(),
      redactFields(),
      winston.format.json(),
    ),
    transports: [transport],
  });
}
