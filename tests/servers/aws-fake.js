// A SageMaker + CloudWatch Logs fake speaking the AWS JSON 1.1 protocol on a loopback port.
// Every request's SigV4 signature is checked with AWS's signer (sigv4-verify.js); responses
// use the field names of the API reference. Jobs and their logs come from
// fixtures/aws/*.json, each {"DescribeTrainingJob": {...}, "logs": {"<stream suffix>":
// [[timestampMs, "message"], ...]}}; 12 filler jobs `listing-job-NN` are added for pagination.
//
// Supported: SageMaker.DescribeTrainingJob, SageMaker.ListTrainingJobs (NextToken, MaxResults,
// SortBy, SortOrder, StatusEquals, NameContains), Logs_20140328.DescribeLogStreams
// (logGroupName, logStreamNamePrefix, nextToken, limit), Logs_20140328.GetLogEvents
// (startFromHead, nextToken, limit; the end is marked by nextForwardToken repeating).
// Fault injection: a job name / NameContains / stream prefix containing `throttled-N` answers
// its first N calls with 400 ThrottlingException; `unavailable-N` with 503 ServiceUnavailable.
// GET /__calls returns {"<Target> <name>": count} (unsigned) so tests can count attempts.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { verify } = require('./sigv4-verify');
const { readBody, exitWithParent, argValue } = require('./common');

const LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const jobs = new Map();    // name -> DescribeTrainingJob
const streams = new Map(); // stream name -> [{timestamp, message, ingestionTime}]
const calls = {};
const faults = new Map();

function loadFixtures() {
  const dir = path.join(__dirname, 'fixtures', 'aws');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const fx = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const job = fx.DescribeTrainingJob;
    jobs.set(job.TrainingJobName, job);
    for (const [suffix, events] of Object.entries(fx.logs || {})) {
      streams.set(`${job.TrainingJobName}/${suffix}`,
        events.map(([timestamp, message]) => ({ timestamp, message, ingestionTime: timestamp + 500 })));
    }
  }
  const base = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < 12; i++) {
    const name = `listing-job-${String(i).padStart(2, '0')}`;
    const status = ['Completed', 'Failed', 'Stopped'][i % 3];
    jobs.set(name, {
      TrainingJobName: name,
      TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`,
      TrainingJobStatus: status,
      SecondaryStatus: status,
      CreationTime: base + i * 3600,
      TrainingStartTime: base + i * 3600 + 60,
      TrainingEndTime: base + i * 3600 + 600,
      LastModifiedTime: base + i * 3600 + 610,
      AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', TrainingInputMode: 'File' },
      RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
      OutputDataConfig: { S3OutputPath: 's3://modelgate-test/output' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    });
  }
}

class ApiError {
  constructor(status, type, message) { Object.assign(this, { status, type, message }); }
}

function checkFault(target, name) {
  const m = /(throttled|unavailable)-(\d+)/.exec(name || '');
  if (!m) return;
  const key = `${target} ${name}`;
  const seen = faults.get(key) || 0;
  faults.set(key, seen + 1);
  if (seen >= Number(m[2])) return;
  if (m[1] === 'throttled') throw new ApiError(400, 'ThrottlingException', 'Rate exceeded');
  throw new ApiError(503, 'ServiceUnavailable', 'Service is unavailable, please try again later.');
}

function page(items, body, tokenField, limitField, defaultLimit, maxLimit) {
  const limit = body[limitField] === undefined ? defaultLimit : body[limitField];
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new ApiError(400, 'ValidationException', `1 validation error detected: Value '${limit}' at '${limitField}' failed to satisfy constraint: Member must have value between 1 and ${maxLimit}`);
  }
  let start = 0;
  if (body[tokenField] !== undefined) {
    const m = /^page-(\d+)$/.exec(Buffer.from(String(body[tokenField]), 'base64').toString());
    if (!m) throw new ApiError(400, 'ValidationException', `Invalid pagination token ${body[tokenField]}`);
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`page-${start + limit}`).toString('base64') : undefined;
  return { slice, next };
}

const handlers = {
  'SageMaker.DescribeTrainingJob'(body) {
    checkFault('SageMaker.DescribeTrainingJob', body.TrainingJobName);
    if (typeof body.TrainingJobName !== 'string') {
      throw new ApiError(400, 'ValidationException', "1 validation error detected: Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null");
    }
    const job = jobs.get(body.TrainingJobName) ||
      (/(throttled|unavailable)-/.test(body.TrainingJobName) ? jobs.get('xgboost-completed') : undefined);
    if (!job) throw new ApiError(400, 'ValidationException', 'Requested resource not found.');
    return { ...job, TrainingJobName: body.TrainingJobName };
  },
  'SageMaker.ListTrainingJobs'(body) {
    checkFault('SageMaker.ListTrainingJobs', body.NameContains);
    let list = [...jobs.values()];
    if (body.StatusEquals) list = list.filter((j) => j.TrainingJobStatus === body.StatusEquals);
    if (body.NameContains) list = list.filter((j) => j.TrainingJobName.includes(body.NameContains));
    const by = body.SortBy || 'CreationTime';
    const key = by === 'Name' ? 'TrainingJobName' : by === 'Status' ? 'TrainingJobStatus' : 'CreationTime';
    list.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
    if ((body.SortOrder || 'Descending') === 'Descending') list.reverse();
    const { slice, next } = page(list, body, 'NextToken', 'MaxResults', 10, 100);
    const out = {
      TrainingJobSummaries: slice.map((j) => {
        const s = { TrainingJobName: j.TrainingJobName, TrainingJobArn: j.TrainingJobArn,
                    CreationTime: j.CreationTime, TrainingJobStatus: j.TrainingJobStatus };
        if (j.TrainingEndTime !== undefined) s.TrainingEndTime = j.TrainingEndTime;
        if (j.LastModifiedTime !== undefined) s.LastModifiedTime = j.LastModifiedTime;
        return s;
      }),
    };
    if (next) out.NextToken = next;
    return out;
  },
  'Logs_20140328.DescribeLogStreams'(body) {
    checkFault('Logs_20140328.DescribeLogStreams', body.logStreamNamePrefix);
    if (body.logGroupName !== LOG_GROUP) throw new ApiError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    const prefix = body.logStreamNamePrefix || '';
    const list = [...streams.keys()].filter((n) => n.startsWith(prefix)).sort().map((n) => {
      const ev = streams.get(n);
      const s = { logStreamName: n, creationTime: ev.length ? ev[0].timestamp - 1000 : 0,
                  arn: `arn:aws:logs:us-east-1:123456789012:log-group:${LOG_GROUP}:log-stream:${n}`, storedBytes: 0 };
      if (ev.length) {
        Object.assign(s, { firstEventTimestamp: ev[0].timestamp, lastEventTimestamp: ev[ev.length - 1].timestamp,
                           lastIngestionTime: ev[ev.length - 1].ingestionTime, uploadSequenceToken: '49590302' });
      }
      return s;
    });
    const { slice, next } = page(list, body, 'nextToken', 'limit', 50, 50);
    const out = { logStreams: slice };
    if (next) out.nextToken = next;
    return out;
  },
  'Logs_20140328.GetLogEvents'(body) {
    checkFault('Logs_20140328.GetLogEvents', body.logStreamName);
    if (body.logGroupName !== LOG_GROUP) throw new ApiError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    const events = streams.get(body.logStreamName);
    if (!events) throw new ApiError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = body.limit === undefined ? 10000 : body.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
      throw new ApiError(400, 'InvalidParameterException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint`);
    }
    if (body.startFromHead !== true) throw new ApiError(400, 'InvalidParameterException', 'this fake serves startFromHead=true only');
    let start = 0;
    if (body.nextToken !== undefined) {
      const m = /^f\/(\d{56})$/.exec(String(body.nextToken));
      if (!m) throw new ApiError(400, 'InvalidParameterException', 'The specified nextToken is invalid.');
      start = Number(m[1]);
    }
    const slice = events.slice(start, start + limit);
    const end = start + slice.length;
    // At the end of the stream AWS returns the token it was given.
    const token = (n) => String(n).padStart(56, '0');
    return {
      events: slice,
      nextForwardToken: `f/${token(end)}`,
      nextBackwardToken: `b/${token(start)}`,
    };
  },
};

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body),
                          'x-amzn-RequestId': 'modelgate-test-request' });
  res.end(body);
}

async function handle(req, res) {
  if (req.method === 'GET' && req.url === '/__calls') return send(res, 200, calls);
  const body = await readBody(req, 1024 * 1024);
  const target = req.headers['x-amz-target'] || '';
  const service = target.startsWith('Logs_20140328.') ? 'logs' : 'sagemaker';
  const authErr = await verify(req, body, service);
  if (authErr) return send(res, authErr.status, { __type: authErr.code, message: authErr.message });
  const handler = handlers[target];
  if (req.method !== 'POST' || req.url !== '/' || !handler) {
    return send(res, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
  }
  if (!/^application\/x-amz-json-1\.1/.test(req.headers['content-type'] || '')) {
    return send(res, 400, { __type: 'SerializationException', message: 'Content-Type must be application/x-amz-json-1.1' });
  }
  let input;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch (e) {
    return send(res, 400, { __type: 'SerializationException', message: 'Start of structure or map found where not expected.' });
  }
  const name = input.TrainingJobName || input.NameContains || input.logStreamName || input.logStreamNamePrefix || '';
  calls[`${target} ${name}`] = (calls[`${target} ${name}`] || 0) + 1;
  try {
    send(res, 200, handler(input));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    send(res, e.status, { __type: e.type, message: e.message });
  }
}

async function main() {
  exitWithParent(Number(argValue('--watch-pid')), argValue('--state'));
  loadFixtures();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { __type: 'InternalFailure', message: String(e.message || e) }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`MODELGATE_TEST_AWS_ENDPOINT=http://127.0.0.1:${server.address().port}\nREADY\n`);
}

main().catch((e) => {
  process.stderr.write(`aws-fake: ${e.stack || e}\n`);
  process.exit(1);
});
