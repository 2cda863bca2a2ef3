import { readFileSync } from "node:fs";
import { cpus } from "node:os";

interface CpuTimes {
  busy: number;
  total: number;
}

function readCpuTimes(): CpuTimes | undefined {
  try {
    // First line of /proc/stat: user nice system idle iowait irq softirq steal ...
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.slice(1, 9).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return undefined; // not Linux: the figure is left out
  }
}

export const MACHINE_CORES = cpus().length;

export interface MachineCpu {
  /** Busy CPUs on average since the meter started (0..cores), undefined where /proc/stat is missing. */
  busyCores(): number | undefined;
}

/**
 * How busy the whole machine was over a run: load generator, servers, Redis
 * and PostgreSQL share these cores, so a run that keeps them all busy shows
 * that no change to one process can make that run much faster.
 */
export function startMachineCpu(): MachineCpu {
  const start = readCpuTimes();
  return {
    busyCores() {
      const end = readCpuTimes();
      if (!start || !end || end.total === start.total) return undefined;
      return ((end.busy - start.busy) / (end.total - start.total)) * MACHINE_CORES;
    },
  };
}

/** "1.66 of 2", or "unknown" where the meter could not read /proc/stat. */
export function formatCores(busyCores: number | undefined): string {
  if (busyCores === undefined || !Number.isFinite(busyCores)) return "unknown";
  return `${busyCores.toFixed(2)} of ${MACHINE_CORES}`;
}

export function describeBusy(busyCores: number | undefined): string {
  return `${formatCores(busyCores)} cores busy`;
}
