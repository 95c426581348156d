-- Bids per 2-second window of event time over 100000 generated Nexmark events
-- (docs/nexmark.md): the bid view of the public Nexmark SQL over STREAM(nexmark), a
-- watermark, and a tumbling window in append mode. Run: build/spate run <this file>.
CREATE TEMPORARY VIEW nexmark
USING nexmark
OPTIONS (events '100000', maxEventsPerTrigger '25000');

CREATE TEMPORARY VIEW bid AS
SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price, bid.channel AS channel,
       bid.url AS url, bid.dateTime AS dateTime, bid.extra AS extra
FROM STREAM(nexmark)
WHERE event_type = 2;

START STREAMING QUERY bids_per_window
USING memory
OUTPUT MODE append
TRIGGER AVAILABLE NOW
AS SELECT window.start AS start, count(*) AS bids, max(price) AS top_price
   FROM bid WATERMARK dateTime DELAY OF INTERVAL 1 SECOND
   GROUP BY window(dateTime, '2 seconds');

-- 10000 events per second of event time: 20000 events, 18400 of them bids, a window.
-- The last window (8 s to 10 s) stays open: no event passes the watermark beyond it.
SELECT start, bids FROM bids_per_window ORDER BY start;
