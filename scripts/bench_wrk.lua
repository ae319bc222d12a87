-- wrk script for scripts/bench.py: headers, optional POST bodies with a fresh client id
-- per request, and a one-line JSON summary at the end.
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local htmx = os.getenv("BENCH_HTMX") == "1"
local method = os.getenv("BENCH_METHOD") or "GET"
local body_template = os.getenv("BENCH_BODY") or ""
-- Optional "path\tcookie\tcsrf" lines: each request goes to one of them (many people).
local targets = {}
for line in (os.getenv("BENCH_TARGETS") or ""):gmatch("[^\n]+") do
  local path, target_cookie, target_csrf = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
  if path then
    table.insert(targets, {path = path, cookie = target_cookie, csrf = target_csrf})
  end
end

local function uuid4()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (template:gsub("[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

-- Without a seed of its own, every wrk run would draw the same client ids as the last one
-- (Lua's generator starts from a fixed state), and a rerun against the same sessions
-- would measure the retry path instead of new sets.
math.randomseed(tonumber(os.getenv("BENCH_SEED") or "") or os.time())

function setup(thread)
  thread:set("seed", math.random(1, 1e9))
end

local function headers_for(target_cookie, target_csrf)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Cookie"] = target_cookie
  headers["X-CSRFToken"] = target_csrf
  return headers
end

function init(args)
  math.randomseed(seed or os.time())
  wrk.headers["Cookie"] = cookie
  wrk.headers["X-CSRFToken"] = csrf
  wrk.headers["Referer"] = "http://127.0.0.1/"
  if htmx then wrk.headers["HX-Request"] = "true" end
  if method == "POST" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

function request()
  local body = nil
  if method == "POST" then body = body_template:gsub("{uuid}", uuid4()) end
  if #targets > 0 then
    local target = targets[math.random(1, #targets)]
    if not target.headers then target.headers = headers_for(target.cookie, target.csrf) end
    return wrk.format(nil, target.path, target.headers, body)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
