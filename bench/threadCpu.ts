import { readFileSync } from 'node:fs';

/**
 * CPU seconds the calling thread has used (user + system), read from Linux's /proc/thread-self/stat; NaN
 * elsewhere. On a shared machine a thread's wall time grows with the other processes, its CPU time does
 * not: this is what says whether workers split the work (process.cpuUsage() counts every thread).
 */
export function threadCpuSeconds(): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in ticks.
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Linux's USER_HZ, the unit of /proc's times (`getconf CLK_TCK`): 100 on every usual build. */
const TICKS_PER_SECOND = 100;
