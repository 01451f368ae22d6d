import { describe, expect, it } from 'vitest';

describe('the Node.js this suite runs under', () => {
  // CI runs the unit suite a second time under Node 22 (the Functions runtime's) with
  // EXPECT_NODE_MAJOR=22: this makes sure that run really is on 22, not on the machine's Node.
  it('is the major CI asked for, and never one below the engines floor (20.19)', () => {
    process.stdout.write(`unit suite on Node ${process.version}\n`);
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const wanted = process.env.EXPECT_NODE_MAJOR;
    if (wanted) expect(String(major)).toBe(wanted);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });
});
