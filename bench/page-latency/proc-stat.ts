import { readFileSync } from 'node:fs';

/** Peak resident memory and CPU time (user + system, all threads) of a process, from /proc. */
export function procStat(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  return { hwmMb: hwmKb / 1024, cpuMs };
}
