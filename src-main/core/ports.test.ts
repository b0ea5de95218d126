import { describe, expect, it } from 'vitest';
import { realTimers } from './ports';

describe('the default ports', () => {
  it('real timers run a timer, and never one that was cleared', async () => {
    const ran: string[] = [];
    realTimers.setTimeout(() => ran.push('kept'), 1);
    const cleared = realTimers.setTimeout(() => ran.push('cleared'), 1);
    realTimers.clearTimeout(cleared);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(['kept']);
  });
});
