import { isIP } from "node:net";
import { z } from "zod";
import { stringList } from "./primitives";

/** An inclusive range of TCP ports. */
export interface PortRange {
  from: number;
  to: number;
}

const PORT_ENTRY = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/;

/** Allowed destination ports: 443, "8443", "8000-8999"; a list, or a comma-separated string from the environment. */
export const portRanges = z
  .preprocess(
    (value) =>
      typeof value === "string" || typeof value === "number" ? String(value).split(",") : value,
    z.array(z.union([z.number(), z.string()])),
  )
  .transform((entries, ctx) =>
    entries.map((entry): PortRange => {
      const match = PORT_ENTRY.exec(String(entry).trim());
      const from = Number(match?.[1]);
      const to = Number(match?.[2] ?? match?.[1]);
      if (!match || from < 1 || to > 65535 || from > to) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry}" is not a port or a port range (1-65535)`,
        });
        return { from: 0, to: -1 };
      }
      return { from, to };
    }),
  );

/** "127.0.0.1", "10.0.0.0/8", "fd00::/8": addresses or CIDR ranges exempt from the public-address rule. */
export const networkList = stringList.pipe(
  z.array(
    z.string().refine((entry) => {
      const [address, prefix, ...rest] = entry.split("/");
      const family = isIP(address!);
      if (family === 0 || rest.length > 0) return false;
      if (prefix === undefined) return true;
      return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
    }, "expected an IP address or a CIDR range such as 10.0.0.0/8"),
  ),
);

/** An explicitly configured forward proxy: http://[user:pass@]host:port. */
export const proxyUrl = z.url({ protocol: /^http$/ });
