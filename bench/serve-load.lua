-- wrk script for bench/serve-load.sh: each request lists or filters claims, in turn, the way
-- the web app's claims table and review queue ask for them.
local paths = {
  "/api/claims?limit=50",
  "/api/claims?measure=killed&sort=-value&limit=50",
  "/api/claims?measure=wounded&min_confidence=0.8&sort=date&limit=50",
  "/api/claims?source=ministry&limit=50",
  "/api/claims?from=2020-01-01&to=2030-12-31&sort=-date&limit=50",
  "/api/claims?disagreement=true&limit=50",
  "/api/claims?sort=priority&limit=50",
  "/api/claims?offset=50000&limit=50",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
