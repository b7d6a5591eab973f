-- Gantry's token buckets in Redis (RedisLimitStore): one call brings every bucket it names to
-- Redis's own TIME, then reserves (checks room and debits all or none), adjusts, or peeks.
--
-- KEYS[i]  bucket i: a hash {tokens, rem, ts}; an absent key is a full bucket.
--   tokens  whole units (below zero while a charge is paid back)
--   rem     progress toward the next unit, in unit*ms (each ms adds `capacity`; a unit is `window`)
--   ts      the Redis time (ms) both were brought to
-- ARGV[1]  'reserve' | 'adjust' | 'peek'
-- ARGV[2]  ms a never-refilling bucket (window 0) is kept after its last change while units are held
-- ARGV[3i .. 3i+2]  bucket i's capacity, window (ms, 0 = never refills) and amount
--
-- Replies: reserve {admitted 1|0, limiting bucket index or 0, retry-after ms (-1: waiting alone
-- will not do), units left per bucket...}; peek {units per bucket...}; adjust {}.
-- Integer arithmetic on Lua numbers (doubles): exact below 2^53 unit*ms, as in Level.java.
-- Needs Redis >= 5 (scripts replicated by their effects, so TIME may precede writes).

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local op = ARGV[1]
local heldTtl = tonumber(ARGV[2])

local function int(n)
  return string.format('%.0f', n)
end

-- The bucket's level now: tokens, rem, and the time it is at (never before its last time).
local function load(key, cap, win)
  local h = redis.call('HMGET', key, 'tokens', 'rem', 'ts')
  if not h[1] then
    return cap, 0, now
  end
  local tokens, rem, ts = tonumber(h[1]), tonumber(h[2]), tonumber(h[3])
  if tokens >= cap then
    return cap, 0, math.max(ts, now)
  end
  if win > 0 and now > ts then
    local progress = (now - ts) * cap + rem
    local gained = math.floor(progress / win)
    rem = progress - gained * win
    if rem < 0 then
      gained, rem = gained - 1, rem + win
    elseif rem >= win then
      gained, rem = gained + 1, rem - win
    end
    if gained >= cap - tokens then
      return cap, 0, now
    end
    tokens = tokens + gained
  end
  return tokens, rem, math.max(ts, now)
end

-- Writes a level back: a full bucket is deleted (absent = full); a refilling one expires one
-- window after it would be full again, so an expired key never forgets a debt; a never-refilling
-- one lives heldTtl past its last change (a crashed gateway's units come back once it is idle).
local function save(key, cap, win, tokens, rem, at)
  if tokens >= cap then
    redis.call('DEL', key)
    return
  end
  redis.call('HSET', key, 'tokens', int(tokens), 'rem', int(rem), 'ts', int(at))
  local ttl = heldTtl
  if win > 0 then
    ttl = math.ceil(((cap - tokens) * win - rem) / cap) + win + (at - now)
  end
  redis.call('PEXPIRE', key, int(ttl))
end

local n = #KEYS
local caps, wins, amounts, tokens, rems, ats = {}, {}, {}, {}, {}, {}
for i = 1, n do
  caps[i] = tonumber(ARGV[3 * i])
  wins[i] = tonumber(ARGV[3 * i + 1])
  amounts[i] = tonumber(ARGV[3 * i + 2])
  tokens[i], rems[i], ats[i] = load(KEYS[i], caps[i], wins[i])
end

if op == 'peek' then
  return tokens
end

if op == 'adjust' then
  for i = 1, n do
    if amounts[i] >= 0 then
      tokens[i] = tokens[i] - amounts[i]
    else
      tokens[i] = math.min(caps[i], tokens[i] - amounts[i])
    end
    save(KEYS[i], caps[i], wins[i], tokens[i], rems[i], ats[i])
  end
  return {}
end

if op ~= 'reserve' then
  return redis.error_reply('unknown operation ' .. tostring(op))
end

-- Which bucket lacks room, and how long until it has it: the longest wait wins, -1 above all.
local limiting, wait = 0, 0
for i = 1, n do
  if amounts[i] > tokens[i] then
    local w = -1
    if wins[i] > 0 and amounts[i] <= caps[i] then
      w = math.ceil(((amounts[i] - tokens[i]) * wins[i] - rems[i]) / caps[i])
    end
    if limiting == 0 or (wait ~= -1 and (w == -1 or w > wait)) then
      limiting, wait = i, w
    end
  end
end

if limiting == 0 then
  for i = 1, n do
    tokens[i] = tokens[i] - amounts[i]
    save(KEYS[i], caps[i], wins[i], tokens[i], rems[i], ats[i])
  end
end

local reply = {limiting == 0 and 1 or 0, limiting, wait}
for i = 1, n do
  reply[3 + i] = tokens[i]
end
return reply
