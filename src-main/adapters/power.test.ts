import { beforeEach, describe, expect, it, vi } from 'vitest';
import { powerMonitor, resetElectronFake } from '../../test/fakes/electron';
import { registerPowerHandlers } from './power';

vi.mock('electron', () => import('../../test/fakes/electron'));

beforeEach(() => resetElectronFake());

describe('registerPowerHandlers', () => {
  it.each([
    ['suspend', 'suspend'],
    ['lock-screen', 'suspend'],
    ['resume', 'resume'],
    ['unlock-screen', 'resume'],
  ] as const)('F38: %s → core.%s', (event, method) => {
    const core = { suspend: vi.fn(), resume: vi.fn() };
    registerPowerHandlers(core);
    powerMonitor.emit(event);
    expect(core[method]).toHaveBeenCalledTimes(1);
    expect(core[method === 'suspend' ? 'resume' : 'suspend']).not.toHaveBeenCalled();
  });

  it('F38: a sleep/wake cycle suspends then resumes once each; dispose stops listening', () => {
    const order: string[] = [];
    const dispose = registerPowerHandlers({ suspend: () => order.push('suspend'), resume: () => order.push('resume') });
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    dispose();
    powerMonitor.emit('suspend');
    expect(order).toEqual(['suspend', 'resume']);
  });
});
