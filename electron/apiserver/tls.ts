/**
 * The per-install certificate authority and the server certificate kubectl verifies.
 * Both live in the data directory so a kubeconfig written once keeps working across launches;
 * node-forge builds the X.509 structures (no hand-rolled ASN.1), Node's crypto makes the keys.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from './atomic-file';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const CA_CERT = 'kubelab-ca.crt';
const CA_KEY = 'kubelab-ca.key';
const SERVER_CERT = 'apiserver.crt';
const SERVER_KEY = 'apiserver.key';

function newKeyPair(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { forgeKey, publicKey, pem };
}

function serial(): string {
  // A positive serial: clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, years: number): void {
  const from = new Date(Date.now() - 60 * 60 * 1000);
  const to = new Date(from);
  to.setFullYear(to.getFullYear() + years);
  cert.validity.notBefore = from;
  cert.validity.notAfter = to;
}

function makeCa(): { certPem: string; keyPem: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, 10);
  const subject = [{ name: 'commonName', value: 'kubelab-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.forgeKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

function makeServerCert(caCertPem: string, caKeyPem: string): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, 2);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

function stillValid(certPem: string, caPem: string): boolean {
  try {
    const cert = forge.pki.certificateFromPem(certPem);
    const ca = forge.pki.certificateFromPem(caPem);
    const soon = Date.now() + 24 * 60 * 60 * 1000;
    return cert.validity.notAfter.getTime() > soon && ca.verify(cert);
  } catch {
    return false;
  }
}

/** Loads the CA and server certificate from dataDir, creating (or renewing) what is missing or expired. */
export function loadOrCreateTls(dataDir: string): TlsMaterial {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dataDir, name);
  let caPem: string;
  let caKeyPem: string;
  if (existsSync(path(CA_CERT)) && existsSync(path(CA_KEY))) {
    caPem = readFileSync(path(CA_CERT), 'utf8');
    caKeyPem = readFileSync(path(CA_KEY), 'utf8');
  } else {
    const ca = makeCa();
    caPem = ca.certPem;
    caKeyPem = ca.keyPem;
    writeFileAtomic(path(CA_KEY), caKeyPem, 0o600);
    writeFileAtomic(path(CA_CERT), caPem, 0o644);
  }
  if (existsSync(path(SERVER_CERT)) && existsSync(path(SERVER_KEY))) {
    const certPem = readFileSync(path(SERVER_CERT), 'utf8');
    const keyPem = readFileSync(path(SERVER_KEY), 'utf8');
    if (stillValid(certPem, caPem)) return { caPem, certPem, keyPem };
  }
  const server = makeServerCert(caPem, caKeyPem);
  writeFileAtomic(path(SERVER_KEY), server.keyPem, 0o600);
  writeFileAtomic(path(SERVER_CERT), server.certPem, 0o644);
  return { caPem, certPem: server.certPem, keyPem: server.keyPem };
}
