// s3rver (a real S3 REST server) on a loopback port, and in front of it a proxy that checks
// every request's SigV4 signature with AWS's signer before forwarding it (s3rver itself does
// not verify V4 signatures). Prints KEY=VALUE lines on stdout once both listen.
//
// Fault injection (for retry tests), by object key: a key containing `slowdown-N` answers the
// first N requests for it (per method) with 503 SlowDown; `internalerror-N` with 500 InternalError.
// If-Match on GET/HEAD is enforced here (412 PreconditionFailed), as s3rver ignores it.
'use strict';
const http = require('http');
const path = require('path');
const S3rver = require('s3rver');
const { TEST_CREDENTIALS, verify, s3ErrorXml } = require('./sigv4-verify');
const { readBody, exitWithParent, argValue } = require('./common');

const BUCKET = 'modelgate-test';
const MAX_SIGNED_BODY = 64 * 1024 * 1024;
const faults = new Map();

function fault(req) {
  const m = /(slowdown|internalerror)-(\d+)/.exec(decodeURIComponent(req.url.split('?')[0]));
  if (!m) return null;
  const key = req.method + ' ' + req.url;
  const seen = faults.get(key) || 0;
  faults.set(key, seen + 1);
  if (seen >= Number(m[2])) return null;
  return m[1] === 'slowdown'
    ? { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }
    : { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
}

function sendError(res, req, err) {
  const body = req.method === 'HEAD' ? '' : s3ErrorXml(err.code, err.message, req.url.split('?')[0]);
  res.writeHead(err.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body),
                              'x-amz-request-id': 'MODELGATETEST' });
  res.end(body);
}

// s3rver ignores If-Match: answer 412 as S3 does when the object's ETag differs.
function checkIfMatch(req, upstreamPort) {
  const want = req.headers['if-match'];
  if (!want || (req.method !== 'GET' && req.method !== 'HEAD')) return Promise.resolve(null);
  return new Promise((resolve) => {
    const head = http.request({ host: '127.0.0.1', port: upstreamPort, method: 'HEAD', path: req.url.split('?')[0] },
      (r) => {
        r.resume();
        const etag = r.headers.etag;
        resolve(r.statusCode === 200 && etag !== want
          ? { status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' }
          : null);
      });
    head.on('error', () => resolve(null));
    head.end();
  });
}

function forward(req, res, upstreamPort, body) {
  const headers = { ...req.headers };
  for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) {
    delete headers[h];
  }
  const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers },
    (upRes) => {
      res.writeHead(upRes.statusCode, upRes.headers);
      upRes.pipe(res);
    });
  up.on('error', (e) => {
    if (!res.headersSent) sendError(res, req, { status: 502, code: 'BadGateway', message: e.message });
    else res.destroy();
  });
  if (body === null) req.pipe(up);
  else up.end(body);
}

async function main() {
  const state = argValue('--state') || '/tmp';
  exitWithParent(Number(argValue('--watch-pid')), argValue('--state'));
  const s3rver = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory: path.join(state, 's3rver'),
    configureBuckets: [{ name: BUCKET }], allowMismatchedSignatures: true, vhostBuckets: false,
    resetOnClose: true,
  });
  const { port: upstreamPort } = await s3rver.run();

  const proxy = http.createServer(async (req, res) => {
    try {
      const sha = req.headers['x-amz-content-sha256'];
      const streaming = sha === 'UNSIGNED-PAYLOAD' ||
        Number(req.headers['content-length'] || 0) > MAX_SIGNED_BODY;
      const body = streaming ? null : await readBody(req, MAX_SIGNED_BODY);
      const err = (await verify(req, body, 's3')) || fault(req) || (await checkIfMatch(req, upstreamPort));
      if (err) {
        if (streaming) req.resume();
        return sendError(res, req, err);
      }
      forward(req, res, upstreamPort, body);
    } catch (e) {
      sendError(res, req, { status: 500, code: 'InternalError', message: String(e.message || e) });
    }
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = proxy.address().port;
  process.stdout.write([
    `MODELGATE_TEST_S3_ENDPOINT=http://127.0.0.1:${port}`,
    `MODELGATE_TEST_S3_BUCKET=${BUCKET}`,
    `MODELGATE_TEST_S3_UNSIGNED_ENDPOINT=http://127.0.0.1:${upstreamPort}`,
    `MODELGATE_TEST_AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}`,
    `MODELGATE_TEST_AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`,
    `MODELGATE_TEST_AWS_SESSION_TOKEN=${TEST_CREDENTIALS.sessionToken}`,
    `MODELGATE_TEST_AWS_EXPIRED_SESSION_TOKEN=${TEST_CREDENTIALS.expiredSessionToken}`,
    `MODELGATE_TEST_AWS_REGION=${TEST_CREDENTIALS.region}`,
    'READY',
  ].join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`s3-server: ${e.stack || e}\n`);
  process.exit(1);
});
