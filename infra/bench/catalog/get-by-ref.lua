-- wrk script: GET one entity by ref, a different component each request (refs from the generated repository).
-- Usage: wrk -s get-by-ref.lua ... ; env TOKEN (bearer) and COMPONENTS (how many svc-N exist).
local token = os.getenv("TOKEN")
local components = tonumber(os.getenv("COMPONENTS") or "5690")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(1000 + id)
end

request = function()
  local n = math.random(0, components - 1)
  return wrk.format("GET", "/api/entities/by-ref/component/default/svc-" .. n, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
