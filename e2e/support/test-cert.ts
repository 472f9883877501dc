import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  certPath: string;
  cert: Buffer;
  key: Buffer;
}

/** A throwaway certificate for 127.0.0.1, made per run; the server trusts it through NODE_EXTRA_CA_CERTS. */
export function makeTestCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'onpoint-cert-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}
