import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type DirectoryTls = { caFile: string; certFile: string; keyFile: string };

/**
 * A throw-away CA and a server certificate it signed, valid for 127.0.0.1 and localhost, written into `dir`.
 * The server key is mode 0600: Samba refuses a key others can read.
 */
export function makeDirectoryTls(dir: string, commonName = 'localhost'): DirectoryTls {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-subj', '/CN=Guichet test directory CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${commonName}`);
  writeFileSync(
    file('server.ext'),
    `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${commonName}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n`,
  );
  openssl(
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '2', '-out', file('server.pem'), '-extfile', file('server.ext'),
  );
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}
