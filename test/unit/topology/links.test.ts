/** Kytos link ids: sha256 of the sorted endpoint ids (kytos-api.md §0). */
import { compareInterfaceIds, linkIdOf } from '../../../src/topology/links';

describe('linkIdOf', () => {
  it('matches the Kytos example (01:2 <-> 02:2)', () => {
    const r = linkIdOf('00:00:00:00:00:00:00:02:2', '00:00:00:00:00:00:00:01:2');
    expect(r.endpointA).toBe('00:00:00:00:00:00:00:01:2');
    expect(r.endpointB).toBe('00:00:00:00:00:00:00:02:2');
    expect(r.id.startsWith('cf0f4071be42')).toBe(true);
    expect(r.id.endsWith('a9260')).toBe(true);
  });

  it('sorts ports numerically, not as text', () => {
    expect(compareInterfaceIds('00:00:00:00:00:00:00:01:9', '00:00:00:00:00:00:00:01:10')).toBeLessThan(0);
    expect(linkIdOf('00:00:00:00:00:00:00:01:10', '00:00:00:00:00:00:00:01:9').endpointA).toBe('00:00:00:00:00:00:00:01:9');
  });

  it('is the same whichever end is given first', () => {
    const a = '00:00:00:00:00:00:00:0a:1';
    const b = '00:00:00:00:00:00:00:0b:3';
    expect(linkIdOf(a, b)).toEqual(linkIdOf(b, a));
  });
});
