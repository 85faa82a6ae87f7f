import { describe, expect, it } from 'vitest';
import { compareText, isReworkChange, productionMatcher } from '@/lib/metrics/rules';
import { isExcludedDismissal } from '@/lib/metrics/types';

describe('production rule', () => {
  it('matches the whole value, in any case', () => {
    const isProduction = productionMatcher('^prod(uction)?$');
    expect(['prod', 'PROD', 'Production', 'production'].every(isProduction)).toBe(true);
    expect(['production-eu', 'preprod', 'prod ', 'staging', ''].some(isProduction)).toBe(false);
    const custom = productionMatcher('live|prod-(eu|us)');
    expect(['live', 'LIVE', 'prod-eu', 'prod-US'].every(custom)).toBe(true);
    expect(['live-canary', 'prod-eu-2', 'xlive'].some(custom)).toBe(false);
  });

  it('an unusable rule matches nothing', () => {
    expect(productionMatcher('prod(')('prod')).toBe(false);
  });
});

describe('rework', () => {
  it('is a hotfix label in any case or a title starting with "Revert "', () => {
    expect(isReworkChange({ labels: ['HotFix'], title: null })).toBe(true);
    expect(isReworkChange({ labels: [], title: 'Revert "Add search"' })).toBe(true);
    expect(isReworkChange({ labels: ['hotfixes', 'hot-fix'], title: 'revert x' })).toBe(false);
    expect(isReworkChange({ labels: [], title: 'Reverting' })).toBe(false);
  });
});

describe('dismissals left out of every figure', () => {
  it('recognises GitHub spellings of false positive, used in tests, inaccurate', () => {
    for (const reason of ['false positive', 'false_positive', 'False Positive', 'used in tests', 'used_in_tests', 'inaccurate', 'Inaccurate ']) {
      expect(isExcludedDismissal('dismissed', reason)).toBe(true);
    }
    expect(isExcludedDismissal('dismissed', "won't fix")).toBe(false);
    expect(isExcludedDismissal('dismissed', 'tolerable risk')).toBe(false);
    expect(isExcludedDismissal('dismissed', null)).toBe(false);
    expect(isExcludedDismissal('open', 'false positive')).toBe(false);
  });
});

describe('text order for tie-breaks', () => {
  it('orders by code point like COLLATE "C"', () => {
    expect(['b', 'B', 'a', 'A', 'é', '10', '9'].sort(compareText)).toEqual(['10', '9', 'A', 'B', 'a', 'b', 'é']);
    expect(compareText('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
  });
});
