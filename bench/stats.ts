import { readFileSync } from 'node:fs';

/** Percentiles and formatting shared by the benchmarks. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Time repeated async calls; returns the samples in milliseconds. */
export async function timeEach<T>(
  items: T[],
  fn: (item: T) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await fn(item);
    samples.push(performance.now() - start);
  }
  return samples;
}
