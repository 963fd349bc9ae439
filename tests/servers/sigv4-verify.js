// Recomputes the SigV4 signature of an incoming request with AWS's own signer
// (@smithy/signature-v4) and says whether it matches the one the client sent.
// Used by s3-proxy.js and aws-fake.js; the test credentials are fixed (see TEST_CREDENTIALS).
'use strict';
const crypto = require('crypto');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');

const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAMODELGATETEST01',
  secretAccessKey: 'modelgate/test/secret+KEY0123456789abcdefgh',
  sessionToken: 'modelgate-test-session-token//AQoDYXdzEJr=',
  expiredSessionToken: 'modelgate-expired-session-token',
  region: 'us-east-1',
};

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})$/;

function parseQuery(rawQuery) {
  const query = {};
  if (!rawQuery) return query;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, '%20'));
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, '%20'));
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  return query;
}

function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s || '');
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

// Returns null when the request is correctly signed, else {status, code, message}.
// service: 's3' | 'sagemaker' | 'logs'. body: Buffer of the payload (may be empty), or
// null when the payload is not available (S3 UNSIGNED-PAYLOAD streaming uploads).
async function verify(req, body, service) {
  const s3 = service === 's3';
  const auth = req.headers['authorization'];
  if (!auth) {
    return s3 ? { status: 403, code: 'AccessDenied', message: 'Access Denied' }
              : { status: 400, code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  }
  const m = AUTH_RE.exec(auth.trim());
  if (!m) {
    return { status: 400, code: s3 ? 'AuthorizationHeaderMalformed' : 'IncompleteSignatureException',
             message: `Authorization header is malformed: ${auth}` };
  }
  const [, credential, signedHeaders, signature] = m;
  const [accessKeyId, date, region, scopeService, terminator] = credential.split('/');
  if (accessKeyId !== TEST_CREDENTIALS.accessKeyId) {
    return s3 ? { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' }
              : { status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
  if (terminator !== 'aws4_request' || scopeService !== service || region !== TEST_CREDENTIALS.region) {
    return { status: s3 ? 400 : 403, code: s3 ? 'AuthorizationHeaderMalformed' : 'InvalidSignatureException',
             message: `Credential should be scoped to a valid region and service: got '${region}/${scopeService}', expecting '${TEST_CREDENTIALS.region}/${service}'` };
  }
  const token = req.headers['x-amz-security-token'];
  if (token !== undefined && token === TEST_CREDENTIALS.expiredSessionToken) {
    return s3 ? { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' }
              : { status: 400, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
  }
  if (token !== undefined && token !== TEST_CREDENTIALS.sessionToken) {
    return s3 ? { status: 400, code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.' }
              : { status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
  const when = parseAmzDate(req.headers['x-amz-date']);
  if (!when || date !== req.headers['x-amz-date'].slice(0, 8)) {
    return { status: 403, code: s3 ? 'AccessDenied' : 'IncompleteSignatureException',
             message: 'Missing or malformed X-Amz-Date header' };
  }
  if (Math.abs(Date.now() - when.getTime()) > 15 * 60 * 1000) {
    return { status: 403, code: s3 ? 'RequestTimeTooSkewed' : 'InvalidSignatureException',
             message: 'The difference between the request time and the current time is too large.' };
  }
  const sha = req.headers['x-amz-content-sha256'];
  if (s3) {
    if (!sha) {
      return { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' };
    }
    if (sha !== 'UNSIGNED-PAYLOAD' && body !== null) {
      const actual = crypto.createHash('sha256').update(body).digest('hex');
      if (actual !== sha) {
        return { status: 400, code: 'XAmzContentSHA256Mismatch',
                 message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
      }
    }
  }
  const signed = signedHeaders.split(';');
  for (const required of ['host', 'x-amz-date'].concat(s3 ? ['x-amz-content-sha256'] : [])) {
    if (!signed.includes(required)) {
      return { status: 403, code: s3 ? 'AccessDenied' : 'IncompleteSignatureException',
               message: `Header '${required}' must be signed (SignedHeaders=${signedHeaders})` };
    }
  }
  if (token !== undefined && !signed.includes('x-amz-security-token')) {
    return { status: 403, code: s3 ? 'AccessDenied' : 'IncompleteSignatureException',
             message: `Header 'x-amz-security-token' must be signed (SignedHeaders=${signedHeaders})` };
  }
  const headers = {};
  for (const h of signed) {
    if (req.headers[h] === undefined) {
      return { status: 403, code: s3 ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
               message: `Signed header '${h}' is not in the request` };
    }
    headers[h] = String(req.headers[h]);
  }
  const q = req.url.indexOf('?');
  const request = {
    method: req.method,
    protocol: 'http:',
    hostname: (req.headers.host || '').split(':')[0],
    path: q < 0 ? req.url : req.url.slice(0, q),
    query: parseQuery(q < 0 ? '' : req.url.slice(q + 1)),
    headers,
    body: body === null ? undefined : body,
  };
  if (body === null) headers['x-amz-content-sha256'] = sha;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
      sessionToken: token,
    },
    region: TEST_CREDENTIALS.region,
    service,
    sha256: Sha256,
    uriEscapePath: !s3,
    applyChecksum: false,
  });
  const out = await signer.sign(request, { signingDate: when });
  const expected = AUTH_RE.exec(out.headers['authorization']);
  if (!expected || expected[2] !== signedHeaders || expected[3] !== signature) {
    return {
      status: 403,
      code: s3 ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. ' +
               'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return null;
}

function xmlEscape(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// AWS's S3 error document.
function s3ErrorXml(code, message, resource) {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + xmlEscape(code) +
         '</Code><Message>' + xmlEscape(message) + '</Message>' +
         (resource ? '<Resource>' + xmlEscape(resource) + '</Resource>' : '') +
         '<RequestId>' + crypto.randomBytes(8).toString('hex').toUpperCase() + '</RequestId></Error>';
}

module.exports = { TEST_CREDENTIALS, verify, s3ErrorXml, parseQuery };
