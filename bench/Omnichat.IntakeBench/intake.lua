-- Replays pre-signed Twilio SMS webhooks, each once.
--   wrk ... -s intake.lua URL -- <requests file> <threads>
-- The file (written by `Omnichat.IntakeBench sign`) starts with the form body in which {sid} and {from} stand for the
-- varying values; every further line is "sid TAB from TAB signature". Thread t of T sends lines t, t+T, t+2T, ...
-- so no two threads send the same request. A thread that runs out of lines starts again at its first one, and every
-- request from then on counts in "repeated": the app would deduplicate those, so a run with repeated > 0 flatters a
-- storing target (bare Kestrel reads no field, so repeats make no difference there).
-- The summary is written as JSON to the file named by INTAKE_WRK_RESULT.

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

local segments, lines, position
sent, repeated, available = 0, 0, 0
local cycle = 0

function init(args)
   local path, nthreads = args[1], tonumber(args[2])
   local file = assert(io.open(path, "r"))
   local template = file:read("*l")
   segments = {}
   local at = 1
   while true do
      local s, e, name = template:find("{(%a+)}", at)
      if not s then break end
      table.insert(segments, template:sub(at, s - 1))
      table.insert(segments, name)
      at = e + 1
   end
   table.insert(segments, template:sub(at))

   lines = {}
   local i = 0
   for line in file:lines() do
      if i % nthreads == tid then lines[#lines + 1] = line end
      i = i + 1
   end
   file:close()
   available = #lines
   position = 0
end

local headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["User-Agent"] = "TwilioProxy/1.1" }

function request()
   position = position + 1
   if position > #lines then
      position = 1
      cycle = cycle + 1
   end
   sent = sent + 1
   if cycle > 0 then repeated = repeated + 1 end
   local sid, from, signature = lines[position]:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
   local values = { sid = sid, from = from }
   local body = {}
   for k, segment in ipairs(segments) do
      -- Odd positions are literal text, even ones the names between braces.
      body[k] = (k % 2 == 0) and values[segment] or segment
   end
   headers["X-Twilio-Signature"] = signature
   return wrk.format("POST", nil, headers, table.concat(body))
end

function done(summary, latency, requests)
   local total_sent, total_repeated, total_available = 0, 0, 0
   for _, thread in ipairs(threads) do
      total_sent = total_sent + thread:get("sent")
      total_repeated = total_repeated + thread:get("repeated")
      total_available = total_available + thread:get("available")
   end
   local e = summary.errors
   local out = assert(io.open(os.getenv("INTAKE_WRK_RESULT"), "w"))
   out:write(string.format(
      '{"durationUs":%d,"responses":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
      '"non2xx":%d,"timeouts":%d,"meanUs":%.1f,"p50Us":%d,"p90Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,' ..
      '"sent":%d,"repeated":%d,"available":%d}\n',
      summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, total_sent, total_repeated, total_available))
   out:close()
end
