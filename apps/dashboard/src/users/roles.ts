import type { DashboardRole } from "@hookline/config";

/** What a role may do. Viewers read; operators also retry and replay failed jobs; admins also clean. */
export const PERMISSIONS = {
  read: ["viewer", "operator", "admin"],
  replay: ["operator", "admin"],
  clean: ["admin"],
} as const satisfies Record<string, readonly DashboardRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function may(role: DashboardRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly DashboardRole[]).includes(role);
}
