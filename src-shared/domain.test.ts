import { describe, expect, it } from 'vitest';
import { decidedAtOf, isDecided } from './domain';

describe('when a request was decided', () => {
  it('is its processedAt, else its modifiedAt, else its createdAt, else 0 (newest decided rows are kept by it)', () => {
    expect(decidedAtOf({ processedAt: 5, modifiedAt: 9, createdAt: 1 })).toBe(5);
    expect(decidedAtOf({ processedAt: 0, modifiedAt: 9, createdAt: 1 })).toBe(0);
    expect(decidedAtOf({ processedAt: null, modifiedAt: 9, createdAt: 1 })).toBe(9);
    expect(decidedAtOf({ processedAt: null, modifiedAt: null, createdAt: 1 })).toBe(1);
    expect(decidedAtOf({ processedAt: null, modifiedAt: null, createdAt: null })).toBe(0);
  });

  it('only approved and rejected are decided', () => {
    expect((['PENDING', 'APPROVED', 'REJECTED', 'UNKNOWN'] as const).filter(isDecided)).toEqual(['APPROVED', 'REJECTED']);
  });
});
