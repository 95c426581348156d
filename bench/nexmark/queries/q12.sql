-- q12, processing-time windows: bids per bidder in each 10 s window of processing time.
-- The answer depends on how fast the system runs, so it differs from system to system.
-- mode: complete
SELECT bidder, count(*) AS bid_count, window.start AS starttime, window.end AS endtime
FROM (SELECT *, current_timestamp() AS p_time FROM bid) GROUP BY bidder, window(p_time, '10 seconds')
