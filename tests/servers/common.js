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

// Exits when pid (the process that ran the start script: scripts/with-test-servers) dies or
// when the state directory is removed (with-test-servers removes it when done); checked
// every second, so a killed test run leaves no server behind.
function exitWithParent(pid, stateDir) {
  const fs = require('fs');
  const timer = setInterval(() => {
    try {
      if (pid) process.kill(pid, 0);
      if (stateDir && !fs.existsSync(stateDir)) process.exit(0);
    } catch (e) {
      process.exit(0);
    }
  }, 1000);
  timer.unref();
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => process.exit(0));

module.exports = { readBody, exitWithParent, argValue };
