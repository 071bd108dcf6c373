-- GET /api/v1/records/account/{id} with a random id from 1 to the first script argument:
--   wrk -s bench/wrk/get_by_id.lua URL -- MAX_ID
local max_id
local threads = 0

-- Gives each client thread its own random sequence (wrk runs setup once per thread).
function setup(thread)
    threads = threads + 1
    thread:set("seed", threads)
end

function init(args)
    max_id = tonumber(args[1]) or error("usage: wrk -s get_by_id.lua URL -- MAX_ID")
    math.randomseed(seed)
end

function request()
    return wrk.format("GET", "/api/v1/records/account/" .. math.random(1, max_id))
end
