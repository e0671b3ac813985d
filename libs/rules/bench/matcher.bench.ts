// Matching throughput on one core, printed, never asserted. Plain node (jest's vm context makes
// this code ~30x slower and would mislead): `sh libs/rules/bench/run.sh`.
import type { FileFilter } from '@fsmon/contracts';
import { coveredBy, DEFAULT_FILTERS, globMatches, parseFilterPattern, shouldDescend, wildcardGlob } from '../src/index';

function customer(p: string, recursive: boolean): FileFilter {
  const r = parseFilterPattern(p, { recursive, behavior: 'block_access', customerAdd: true });
  if (!r.ok) throw r.error;
  return r.value;
}

function perSecond(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(n, 10_000); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`${label}: ${Math.round((n / ns) * 1e9).toLocaleString('en')} per s (${(ns / n).toFixed(0)} ns each, n=${n})`);
}

const filters = [
  ...DEFAULT_FILTERS,
  ...Array.from({ length: 200 }, (_, i) => customer(`/data/app${i}/*.log`, i % 2 === 0)),
  ...Array.from({ length: 50 }, (_, i) => customer(`/home/*/.config/app${i}/*`, false)),
];
const paths = Array.from({ length: 1000 }, (_, i) =>
  [`/usr/bin/tool${i}`, `/data/app${i % 250}/sub/x${i}.log`, `/var/log/syslog.${i}`, `/home/u${i}/.config/app${i % 60}/rc`][i % 4],
);
let covered = 0;
perSecond(`coveredBy, ${filters.length} filters`, 200_000, (i) => {
  if (coveredBy(paths[i % paths.length], filters)) covered++;
});
perSecond(`shouldDescend, ${filters.length} filters`, 200_000, (i) => shouldDescend(paths[i % paths.length], filters));
const text = `x${'a'.repeat(4094)}y`;
const manyStars = wildcardGlob(`x${'*a'.repeat(15)}*b*y`);
const longPart = wildcardGlob(`x*${'a'.repeat(250)}b*y`);
perSecond('worst case: 16 wildcards vs 4096-char non-match', 10_000, () => globMatches(manyStars, text));
perSecond('worst case: 251-char literal part vs 4096-char non-match', 10_000, () => globMatches(longPart, text));
console.log(`(${covered} of 200000 paths covered)`);
