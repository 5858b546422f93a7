import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dir';

/** A private certificate authority and a server certificate it signed, made for one test run. */
export interface TestCertificates {
  /** The CA certificate's PEM file, as NODE_EXTRA_CA_CERTS takes it. */
  caFile: string;
  /** For the simulators' HTTPS option. */
  server: { cert: string; key: string };
  cleanup(): void;
}

/** Whether `openssl` can be run here; the tests that need it say so plainly when not. */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a company-style root CA ("Kula Test Company Root CA") and a server certificate for
 * `names` (DNS names; `127.0.0.1` is added as an IP name) with `openssl`, in a temp folder. EC
 * keys keep it fast. Nothing here is trusted by the machine: only a process given `caFile`
 * trusts the server.
 */
export function makeTestCertificates(names: string[]): TestCertificates {
  const temp = makeTempDir('kula-tls-');
  const file = (name: string) => path.join(temp.dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: temp.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Kula Test Company Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    `/CN=${names[0] ?? 'localhost'}`,
  );
  fs.writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=${[...names.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',')}`,
      'extendedKeyUsage=serverAuth',
      'basicConstraints=CA:FALSE',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  );
  return {
    caFile: file('ca.pem'),
    server: {
      cert: fs.readFileSync(file('server.pem'), 'utf8'),
      key: fs.readFileSync(file('server.key'), 'utf8'),
    },
    cleanup: temp.cleanup,
  };
}
