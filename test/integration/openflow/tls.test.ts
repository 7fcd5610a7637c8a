/**
 * OpenFlow over TLS (OF1.3.5 6.3.3 "Connection Setup": TLS with mutual authentication). A
 * throwaway CA, server and client certificates are made with the openssl CLI in a temporary
 * directory. openssl is required under CI=true; elsewhere its absence skips this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsMaterial } from '../../../src/core/switch-manager';
import { startController, type TestController } from '../../support/controller';
import { FakeSwitch, dpidOf, type CloseInfo } from '../../support/fake-switch';

jest.setTimeout(30_000);

const HAVE_OPENSSL = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!HAVE_OPENSSL && process.env.CI === 'true') throw new Error('openssl is required for the TLS tests (CI=true)');

interface Pki {
  readonly ca: Buffer;
  readonly server: { cert: Buffer; key: Buffer };
  readonly client: { cert: Buffer; key: Buffer };
  /** Self-signed, not issued by the CA. */
  readonly rogue: { cert: Buffer; key: Buffer };
}

/** Makes a CA and three leaf certificates (EC P-256, valid one day). */
function makePki(dir: string): Pki {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=Isthmus test CA');
  const leaf = (name: string, ext: string): void => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
  };
  leaf('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  ssl('req', '-x509', ...newKey, '-keyout', 'rogue.key', '-out', 'rogue.crt', '-days', '1', '-subj', '/CN=rogue switch');
  const read = (f: string): Buffer => readFileSync(join(dir, f));
  return {
    ca: read('ca.crt'),
    server: { cert: read('server.crt'), key: read('server.key') },
    client: { cert: read('client.crt'), key: read('client.key') },
    rogue: { cert: read('rogue.crt'), key: read('rogue.key') },
  };
}

/** Connects and waits for the outcome: the controller closing the connection, or the TLS handshake failing. */
async function refused(sw: FakeSwitch): Promise<CloseInfo> {
  try {
    await sw.connect();
  } catch (error) {
    expect((error as Error).message).not.toMatch(/self[- ]signed|unable to verify|altname|hostname/i);
    return { byUs: false, error: error as Error };
  }
  // TLS 1.3: the client finishes first and learns of the refusal from the server's alert.
  const info = await sw.waitClosed(5000);
  // The refusal must be the server's: the client itself accepted the server's certificate.
  if (info.error !== undefined) expect(info.error.message).not.toMatch(/self[- ]signed|unable to verify|altname|hostname/i);
  return info;
}

(HAVE_OPENSSL ? describe : describe.skip)('OpenFlow over TLS', () => {
  let dir: string;
  let pki: Pki;
  let tc: TestController | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'isthmus-tls-'));
    pki = makePki(dir);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await tc?.stop();
    tc = undefined;
  });

  const start = async (tls: TlsMaterial): Promise<TestController> => {
    tc = await startController({ tls });
    return tc;
  };

  describe('with a CA configured (mutual TLS)', () => {
    const material = (): TlsMaterial => ({ ...pki.server, ca: pki.ca });

    it('completes the OpenFlow handshake with a switch whose certificate the CA signed', async () => {
      const c = await start(material());
      const sw = await FakeSwitch.connect({ port: c.ofPort, dpid: dpidOf(0x715), tls: { ...pki.client, ca: pki.ca } });
      const connected = await c.waitForEvent('switch.connected');
      expect(connected.dpid).toBe(dpidOf(0x715));
      expect(connected.address).toBe(sw.localAddress);
      const { reply } = await sw.ping(Buffer.from('over tls'));
      expect(reply.msg).toEqual({ type: 'echo_reply', data: Buffer.from('over tls') });
      await c.controller.switches.get(dpidOf(0x715))?.barrier();
    });

    it('refuses a switch without a client certificate', async () => {
      const c = await start(material());
      const outcome = await refused(new FakeSwitch({ port: c.ofPort, tls: { ca: pki.ca } }));
      expect(outcome.byUs).toBe(false);
      expect(c.eventsOf('switch.connected')).toEqual([]);
    });

    it('refuses a switch whose certificate the CA did not sign', async () => {
      const c = await start(material());
      const outcome = await refused(new FakeSwitch({ port: c.ofPort, tls: { ...pki.rogue, ca: pki.ca } }));
      expect(outcome.byUs).toBe(false);
      expect(c.eventsOf('switch.connected')).toEqual([]);
      // The listener survives refusals: a proper switch still gets in.
      await FakeSwitch.connect({ port: c.ofPort, tls: { ...pki.client, ca: pki.ca } });
      await c.waitForEvent('switch.connected');
    });

    it('sends HELLO_FAILED over TLS to a peer offering only 1.0 before closing', async () => {
      const c = await start(material());
      const sw = await FakeSwitch.connect({ port: c.ofPort, hello: { version: 1, bitmap: [0x02] }, tls: { ...pki.client, ca: pki.ca } });
      const err = await sw.waitForType('error');
      expect(err.msg).toMatchObject({ version: 1, errType: 0, code: 0 });
      expect((await sw.waitClosed()).byUs).toBe(false);
    });

    it('refuses a plain-TCP switch on the TLS port', async () => {
      const c = await start(material());
      const sw = new FakeSwitch({ port: c.ofPort });
      await sw.connect();
      expect((await sw.waitClosed(5000)).byUs).toBe(false);
      expect(c.eventsOf('switch.connected')).toEqual([]);
    });
  });

  describe('without a CA (server authentication only)', () => {
    it('accepts a switch without a client certificate', async () => {
      const c = await start({ ...pki.server });
      await FakeSwitch.connect({ port: c.ofPort, tls: { ca: pki.ca } });
      await c.waitForEvent('switch.connected');
    });
  });
});
