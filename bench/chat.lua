-- wrk script for bench/load.sh: POSTs one small chat completion request per call.
-- Environment: MODEL (default "m"), GANTRY_KEY (adds "Authorization: Bearer ..." when set),
-- STREAM ("1" asks for an SSE stream with usage). At the end it prints one machine-readable line:
-- RESULT requests=.. duration_us=.. rps=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. non2xx=.. errors=..
local model = os.getenv("MODEL") or "m"
local key = os.getenv("GANTRY_KEY")
local stream = os.getenv("STREAM") == "1"

local body = '{"model":"' .. model .. '","messages":['
  .. '{"role":"system","content":"You are a concise assistant."},'
  .. '{"role":"user","content":"What is the capital of the United Kingdom? Answer in one sentence."}'
  .. '],"max_tokens":64,"temperature":0.2'
if stream then
  body = body .. ',"stream":true,"stream_options":{"include_usage":true}'
end
body = body .. '}'

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
