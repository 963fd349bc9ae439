// Shared by the test servers: reading a request body with a cap, exiting when the process
// that started us (scripts/with-test-servers) is gone, so no server outlives a test run.
'use strict';

function readBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new Error(`request body larger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Exits when pid (our starter's parent) dies; checked every second.
function exitWithParent(pid) {
  if (!pid) return;
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (e) {
      process.exit(0);
    }
  }, 1000);
  timer.unref();
  // keep the check alive even though the servers hold the loop anyway
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => process.exit(0));

module.exports = { readBody, exitWithParent, argValue };
