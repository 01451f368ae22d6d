import { fmt, type Report } from './report';
import type { ValidationResult } from './validation';

/** Rows and notes of the validation section. */
export function validationRows(r: ValidationResult, report: Report) {
  const s = 'validation';
  const rates = (x: { wall: number; cpu: number }) => `${fmt.int(x.wall)}/s wall, ${fmt.int(x.cpu)}/s CPU`;
  const cpuRatio = r.ours.cpu / r.jose.cpu;
  const wallRatio = r.ours.wall / r.jose.wall;
  report.rows.push(
    { section: s, metric: 'our verifier', value: rates(r.ours) },
    { section: s, metric: 'jose.jwtVerify, local key set', value: rates(r.jose) },
    { section: s, metric: 'crypto.verify RSA-SHA256', value: rates(r.crypto) },
    {
      section: s,
      metric: 'ours / jose (CPU time)',
      value: fmt.ratio(cpuRatio),
      target: '≥ 1.00×',
      pass: cpuRatio >= 1,
    },
    {
      section: s,
      metric: 'ours / jose (wall clock)',
      value: fmt.ratio(wallRatio),
      target: '≥ 1.00×',
      pass: wallRatio >= 1,
    },
    {
      section: s,
      metric: 'ours / crypto.verify (the limit)',
      value: `${fmt.ratio(r.ours.cpu / r.crypto.cpu)} CPU, ${fmt.ratio(r.ours.wall / r.crypto.wall)} wall`,
    },
    {
      section: s,
      metric: 'our checks after jose (format, shapes, caller), CPU',
      value: fmt.us(r.ownChecksMicros),
    },
  );
  report.notes.push(
    `Validation: one RS256 Entra v2 token, ${r.iterationsPerContender.toLocaleString('en-US')} verifications per contender ` +
      'in interleaved rounds of 1,000 (order rotated each round), medians of rounds, after warm-up; calls one after ' +
      'another. "CPU" divides by the process CPU time of the round (all threads, so the WebCrypto thread pool counts): it ' +
      'is what a verification costs and barely moves when neighbours load the machine; "wall" is what one caller waits. ' +
      'jose verifies through WebCrypto (`crypto.subtle.verify`, a thread-pool round trip), most of the gap to raw `crypto.verify`.',
  );
}
