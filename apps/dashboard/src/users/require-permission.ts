import type { RequestHandler } from "express";
import { HttpError } from "@hookline/http-errors";
import { userOf } from "./authenticate";
import { may, type Permission } from "./roles";

/** 403 unless the signed-in user's role grants `permission`. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const user = userOf(res);
    if (may(user.role, permission)) return next();
    next(
      new HttpError(
        403,
        "FORBIDDEN",
        `${user.name} is a ${user.role}; ${permission} needs ${permission === "clean" ? "an admin" : "an operator or admin"}`,
      ),
    );
  };
}
