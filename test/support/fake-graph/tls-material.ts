import { createHash } from 'node:crypto';
import { generate } from 'selfsigned';

export type TlsMaterial = { caCert: string; key: string; cert: string };

let shared: Promise<TlsMaterial> | undefined;

/** One CA and server certificate per process: generating RSA keys is the slowest part of starting a fake. */
export function sharedTlsMaterial(): Promise<TlsMaterial> {
  shared ??= createTlsMaterial();
  return shared;
}

/** A private CA and a 127.0.0.1 server certificate it signed, as a sovereign or private cloud would have. */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  const ca = await generate([{ name: 'commonName', value: 'Guichet local Microsoft Graph CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { caCert: ca.cert, key: server.private, cert: server.cert };
}

export type AppCertificate = { cert: string; privateKey: string; thumbprintSha256: string; thumbprintSha1: string };

/** A certificate credential for the app registration (what IT uploads under "Certificates & secrets"). */
export async function createAppCertificate(): Promise<AppCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'Guichet' }], { keySize: 2048, algorithm: 'sha256' });
  const der = Buffer.from(pems.cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return {
    cert: pems.cert,
    privateKey: pems.private,
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    thumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}
