-- wrk script for the Gatehouse bench: POSTs one chat completion body and prints a JSON summary.
-- Environment:
--   BENCH_BODY_FILE  file holding the request body (JSON)
--   BENCH_HEADERS    extra request headers, one "Name: value" per line
-- The summary line starts with "WRKJSON " so the harness can find it among wrk's own output.

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = "POST"
wrk.body = read_file(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE not set"))
wrk.headers["Content-Type"] = "application/json"
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

function done(summary, latency, requests)
  local e = summary.errors
  local function ms(us) return us / 1000.0 end
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.6f,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.4f,"p90":%.4f,"p99":%.4f,"p999":%.4f,"max":%.4f,"mean":%.4f,"stdev":%.4f}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency:percentile(99.9)), ms(latency.max), ms(latency.mean), ms(latency.stdev)))
end
