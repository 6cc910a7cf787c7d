-- wrk script: one filtered + full-text searched page of the entity list (kind + lifecycle + owner/tag + q),
-- rotating through realistic combinations so the database cannot answer from one cached plan/result.
local token = os.getenv("TOKEN")
local words = {"payments", "checkout", "ledger", "search", "catalog", "inventory", "billing", "identity", "shipping",
  "pricing", "reviews", "orders", "cart", "gateway", "audit"}
local lifecycles = {"production", "experimental", "deprecated"}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(2000 + id)
end

request = function()
  local w = words[math.random(#words)]
  local path
  local r = math.random(3)
  if r == 1 then
    path = "/api/entities?kind=component&lifecycle=" .. lifecycles[math.random(#lifecycles)] .. "&q=" .. w .. "&limit=20"
  elseif r == 2 then
    path = "/api/entities?kind=component&tag=" .. w .. "&owner=team-" .. math.random(0, 20) .. "&limit=20"
  else
    path = "/api/entities?q=" .. string.sub(w, 1, 4) .. "&type=service&limit=20"
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
