/**
 * A switch refusing a circuit flow outside a deploy (the reconciler re-sending it, kytos-api.md
 * §2.11 `flow.error`): the circuit is not whole, so it goes inactive with the reason and stays so
 * through topology events, until a redeploy sends its flows again.
 */
import { circuitRows, livePort, ringHarness, S1, S3, uniBody } from '../../support/eline-harness';

const A = `${S1}:1`;
const Z = `${S3}:1`;

describe('a refused circuit flow after deploy', () => {
  it('makes the circuit inactive with the reason, through topology events, until a redeploy', async () => {
    const h = ringHarness();
    await h.evcs.load();
    const { circuitId } = await h.evcs.create({ name: 'e', uni_a: uniBody(A, 100), uni_z: uniBody(Z, 100), dynamic_backup_path: true });
    expect(h.evcs.get(circuitId)?.status.active).toBe(true);
    const row = circuitRows(h, circuitId).find((r) => r.spec.dpid === S3);
    if (row === undefined) throw new Error('no flow on s3');
    h.bus.emit({ type: 'flow.error', owner: 'mef_eline', dpid: S3, key: row.key, errType: 5, code: 6, command: 'add' });
    expect(h.evcs.get(circuitId)?.status).toMatchObject({ active: false, reason: `switch ${S3} refused a flow (error type 5 code 6)`, flowRefused: true });

    // A UNI flap does not make it active again.
    h.portModified(S1, livePort(1, false));
    h.portModified(S1, livePort(1, true));
    await h.settle();
    expect(h.evcs.get(circuitId)?.status.active).toBe(false);

    // Another owner's refusal, or a key no circuit has, changes nothing.
    h.bus.emit({ type: 'flow.error', owner: 'of_lldp', dpid: S3, key: row.key, errType: 5, code: 6, command: 'add' });
    h.bus.emit({ type: 'flow.error', owner: 'mef_eline', dpid: S3, key: 'no-such-key', errType: 5, code: 6, command: 'add' });

    expect(await h.evcs.redeploy(circuitId, false)).toBe(true);
    const after = h.evcs.get(circuitId)?.status;
    expect(after?.active).toBe(true);
    expect(after?.flowRefused).toBeUndefined();
    expect(after?.reason).toBeUndefined();
    h.close();
  });
});
