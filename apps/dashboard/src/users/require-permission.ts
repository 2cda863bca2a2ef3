import type { RequestHandler } from "express";
import { HttpError } from "@hookline/http-errors";
import { userOf } from "./authenticate";
import { may, type Permission } from "./roles";

/** "otto is a operator; clean needs an admin": why a role may not. */
export function permissionMessage(
  user: { name: string; role: string },
  permission: Permission,
): string {
  const needs = permission === "clean" ? "an admin" : "an operator or admin";
  return `${user.name} is ${user.role === "admin" || user.role === "operator" ? "an" : "a"} ${user.role}; ${permission} needs ${needs}`;
}

/** 403 unless the signed-in user's role grants `permission`. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const user = userOf(res);
    if (may(user.role, permission)) return next();
    next(new HttpError(403, "FORBIDDEN", permissionMessage(user, permission)));
  };
}
