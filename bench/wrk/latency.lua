-- Adds the 95th percentile, which wrk --latency does not print, to wrk's report:
--   "Latency percentiles (ms): p50 X p95 Y p99 Z"
function done(summary, latency, requests)
    io.write(string.format("Latency percentiles (ms): p50 %.3f p95 %.3f p99 %.3f\n",
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000))
end
