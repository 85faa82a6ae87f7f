import { describe, expect, it } from 'vitest';
import { clientIpFrom } from '@/lib/security/client-ip';

const headersWith = (value: string | null) => ({ get: (name: string) => (name === 'x-forwarded-for' ? value : null) });

describe('clientIpFrom', () => {
  it('takes the entry our own proxy appended, ignoring what the client wrote further left', () => {
    expect(clientIpFrom(headersWith('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIpFrom(headersWith('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  });

  it('copes with fewer entries than hops, IPv6 and missing headers', () => {
    expect(clientIpFrom(headersWith('2001:db8::1'), 3)).toBe('2001:db8::1');
    expect(clientIpFrom(headersWith(null), 1)).toBeNull();
  });

  it('refuses values that are not addresses (they land in logs and the audit table)', () => {
    expect(clientIpFrom(headersWith('<script>alert(1)</script>'), 1)).toBeNull();
  });
});
